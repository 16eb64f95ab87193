package jp.ami.switching;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.ami.model.OperatorCode;

/**
 * What the rule of a request's kind decided about a new application.
 *
 * @param status      its status at acceptance
 * @param reason      why (null while processing)
 * @param date        switch or work date; null for kinds without one
 * @param counterpart 廃止取次: the current retailer it is addressed to; else null
 * @param details     type-specific values ({@link Application#details()})
 * @param notified    earlier applications changed with it (the winner of a conflict, with a notice)
 */
record Decision(Status status, String reason, LocalDate date, OperatorCode counterpart, Map<String, String> details,
        List<Application> notified) {

    Decision {
        details = Map.copyOf(details);
        notified = List.copyOf(notified);
    }

    /** Decided at once (IF_10110, IF_10310): no date, no counterpart. */
    static Decision answered(Status status, String reason, Map<String, String> details) {
        return new Decision(status, reason, null, null, details, List.of());
    }

    /** Processing: waiting for an answer, a match or field work. */
    static Decision processing(LocalDate date, OperatorCode counterpart, Map<String, String> details) {
        return new Decision(Status.PROCESSING, null, date, counterpart, details, List.of());
    }

    /** This decision turned NG with {@code why}, {@code winner} changed with it. */
    Decision rejected(String why, Application winner) {
        return new Decision(Status.NG, why, date, counterpart, details, List.of(winner));
    }
}
