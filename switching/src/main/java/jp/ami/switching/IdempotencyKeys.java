package jp.ami.switching;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;

/**
 * Idempotency by the retailer's request ID ({@code Idempotency-Key}): which application each operator's key
 * created. The same key with the same request (same request hash) gives the original application back, whatever
 * happened to it since; the same key with another request is a 409. Keys are scoped per operator and rebuilt from
 * the journal (every application carries its key and request hash).
 */
final class IdempotencyKeys {
    /** {@code "<operator> <key>"} → application ID. */
    private final Map<String, String> ids = new HashMap<>();
    private final Applications applications;

    IdempotencyKeys(Applications applications) {
        this.applications = applications;
    }

    /** A key is required on every create: 1–64 of {@code [0-9A-Za-z._-]} (else 400). */
    static void check(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidValueException("Idempotency-Key", key, "is required on every create");
        }
        if (key.length() > 64 || !key.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '.')) {
            throw new InvalidValueException("Idempotency-Key", key, "must be 1–64 characters of [0-9A-Za-z._-]");
        }
    }

    /**
     * The application {@code operator} created earlier with {@code key} for the request hashed {@code requestHash},
     * or null when the key is new.
     *
     * @throws SwitchingException 409 when the key was used for a different request
     */
    Application earlier(OperatorCode operator, String key, String requestHash) {
        String existingId = ids.get(operator.value() + ' ' + key);
        if (existingId == null) {
            return null;
        }
        Application existing = applications.get(existingId);
        if (!existing.requestHash().equals(requestHash)) {
            throw SwitchingException.conflict("Idempotency-Key", key,
                    "was already used by " + operator + " for a different request (" + existingId + ")");
        }
        return existing;
    }

    /** Remembers the key of {@code a} (applications the platform filed itself have none). */
    void record(Application a) {
        if (a.idempotencyKey() != null) {
            ids.put(a.applicant().value() + ' ' + a.idempotencyKey(), a.id());
        }
    }

    /** {@code "<operator> <key>"} → application ID, in key order (the canonical dump). */
    SortedMap<String, String> sorted() {
        return new TreeMap<>(ids);
    }
}
