package jp.ami.switching;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.switching.Events.Event;

/**
 * What an applicant may do to its own processing application: change its date (the replacing create is filed by
 * {@link Intake}; the old one becomes 4, changed) or cancel it (5). Only the applicant (else 403), only while
 * processing (else 409).
 */
final class ApplicantChanges {
    private final Clock clock;

    ApplicantChanges(Clock clock) {
        this.clock = clock;
    }

    /**
     * The request hash of changing application {@code id} to {@code newDate} (idempotency of {@code change}); the
     * customer's request is appended only when set, so earlier hashes stay valid.
     */
    static String changeHash(String id, LocalDate newDate, boolean customerRequested) {
        return Sha256.hex("change|" + id + "|" + newDate + (customerRequested ? "|customerRequestedDate" : ""));
    }

    /**
     * The create request that replaces {@code old} (application {@code id}) with {@code newDate}
     * ({@code customerRequested}: the customer asked for it, reading day or not; ignored for 廃止取次).
     *
     * @throws SwitchingException 403 not {@code operator}'s, 409 not processing or a kind without a date
     * @throws InvalidValueException {@code newDate} missing or the old date (400)
     */
    Request replacement(OperatorCode operator, String id, Application old, LocalDate newDate, boolean customerRequested) {
        if (!old.applicant().equals(operator)) {
            throw SwitchingException.forbidden("id", id, "was not filed by " + operator + "; only the applicant may change it");
        }
        if (old.status() != Status.PROCESSING) {
            throw SwitchingException.conflict("id", id, "is " + old.status().name() + "; only processing applications can be changed");
        }
        if (newDate == null || newDate.equals(old.date())) {
            throw new InvalidValueException(Request.dateField(old.type()), newDate, "must be a new date");
        }
        return switch (old.type()) {
            case BROKERING -> new Request.Brokering(old.supplyPoint(), newDate, old.details().get("contractNumber"),
                    old.details().get("contractName"), old.details().get("address"));
            case AMPERE_CHANGE -> new Request.AmpereChange(old.supplyPoint(), Integer.parseInt(old.details().get("contractAmperes")),
                    newDate, customerRequested);
            case FACILITY_INFO, USAGE_INFO, USAGE_PASSWORD, LOCATION_CHANGE ->
                    throw SwitchingException.conflict("id", id, "is a " + old.type().code() + " application; it has no date to change");
            case RECONNECTION, DISCONTINUATION, SWITCH_START, SWITCH_STOP ->
                    new Request.Dated(old.type(), old.supplyPoint(), newDate, customerRequested);
        };
    }

    /**
     * The event cancelling {@code a} (application {@code id}) for {@code operator}, or null when it is cancelled
     * already.
     *
     * @throws SwitchingException 403 not {@code operator}'s, 409 decided
     */
    Event cancellation(OperatorCode operator, String id, Application a) {
        if (!a.applicant().equals(operator)) {
            throw SwitchingException.forbidden("id", id, "was not filed by " + operator + "; only the applicant may cancel it");
        }
        if (a.status() == Status.CANCELLED) {
            return null;
        }
        if (a.status() != Status.PROCESSING) {
            throw SwitchingException.conflict("id", id, "is " + a.status().name() + "; only processing applications can be cancelled");
        }
        Instant now = clock.instant();
        return new Event(now, List.of(a.withStatus(Status.CANCELLED, "cancelled by the applicant", now)), List.of(), List.of());
    }
}
