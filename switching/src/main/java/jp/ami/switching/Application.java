package jp.ami.switching;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;

/**
 * One application, immutable; every change produces a new value that is journaled before it is visible.
 *
 * @param id             {@code "A"} + 9-digit sequence, e.g. {@code A000000001}, assigned in acceptance order
 * @param type           what was applied for
 * @param applicant      the operator who filed it (for a stop filed on the current retailer's behalf after a
 *                       廃止取次 OK answer: the current retailer)
 * @param supplyPoint    the supply point
 * @param date           switch date (start/stop/廃止取次) or work date (reconnection/discontinuation); null otherwise
 * @param counterpart    廃止取次: the current retailer it is addressed to; start/stop: the partner's operator once
 *                       matched; null otherwise
 * @param status         1–5
 * @param reason         why it is NG / cancelled, or a short note on the decision; null while processing
 * @param idempotencyKey the applicant's key (null for applications the platform filed itself)
 * @param requestHash    SHA-256 of the request (same key with a different request → 409)
 * @param acceptedAt     clock time of acceptance
 * @param updatedAt      clock time of the last change
 * @param matchedId      start ↔ stop: the partner application's ID once matched
 * @param details        type-specific values in key order (廃止取次: contractNumber, contractName, address, stopId,
 *                       answer; on-behalf stop: brokeringId; usage info: consentValidUntil; facility: area)
 * @param notices        messages for the applicant added after acceptance (e.g. a rejected competing application)
 */
public record Application(String id, ApplicationType type, OperatorCode applicant, SupplyPointId supplyPoint,
        LocalDate date, OperatorCode counterpart, Status status, String reason, String idempotencyKey,
        String requestHash, Instant acceptedAt, Instant updatedAt, String matchedId, Map<String, String> details,
        List<String> notices) {

    public Application {
        details = Collections.unmodifiableMap(new TreeMap<>(details));
        notices = List.copyOf(notices);
    }

    Application withStatus(Status s, String why, Instant now) {
        return new Application(id, type, applicant, supplyPoint, date, counterpart, s, why, idempotencyKey,
                requestHash, acceptedAt, now, matchedId, details, notices);
    }

    Application matched(Application partner, String why, Instant now) {
        return new Application(id, type, applicant, supplyPoint, date, partner.applicant(), Status.OK, why,
                idempotencyKey, requestHash, acceptedAt, now, partner.id(), details, notices);
    }

    Application withDetail(String key, String value, Instant now) {
        Map<String, String> d = new TreeMap<>(details);
        d.put(key, value);
        return new Application(id, type, applicant, supplyPoint, date, counterpart, status, reason, idempotencyKey,
                requestHash, acceptedAt, now, matchedId, d, notices);
    }

    Application withNotice(String notice, Instant now) {
        List<String> n = new ArrayList<>(notices);
        n.add(notice);
        return new Application(id, type, applicant, supplyPoint, date, counterpart, status, reason, idempotencyKey,
                requestHash, acceptedAt, now, matchedId, details, n);
    }

    /** The numeric part of the ID. */
    long sequence() {
        return Long.parseLong(id.substring(1));
    }

    static String idOf(long sequence) {
        return String.format("A%09d", sequence);
    }
}
