package jp.ami.switching;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.switching.Events.Event;

/**
 * IS_20410: the current retailer answers a 廃止取次 request OK or NG before its matching deadline. OK: the request
 * becomes OK and the platform files the stop (IF_10710) on the answering retailer's behalf ({@code filedBy=platform},
 * {@code brokeringId}) — or links the stop it already filed ({@code stopId}). NG needs a reason. The same answer
 * again changes nothing; a different answer to a decided request is a 409.
 */
record BrokeringAnswers(Applications applications, SwitchDates dates, Clock clock) {
    /**
     * The event of {@code operator}'s answer to request {@code id}, or null when it repeats the answer given.
     *
     * @throws InvalidValueException NG without a reason, a malformed reason (400)
     * @throws SwitchingException 404 unknown request, 403 not addressed to {@code operator}, 409 decided otherwise
     *                            or past its deadline
     */
    Event answer(OperatorCode operator, String id, boolean ok, String reason) {
        Application r = applications.readable(operator, id, ApplicationType.BROKERING);
        if (!operator.equals(r.counterpart())) {
            throw SwitchingException.forbidden("id", id, "is not addressed to " + operator + "; only the current retailer answers it");
        }
        if (!ok && (reason == null || reason.isBlank())) {
            throw new InvalidValueException("reason", reason, "is required with answer NG");
        }
        if (reason != null) {
            Request.checkText("reason", reason, 200, false);
        }
        String answer = ok ? "OK" : "NG";
        if (r.status() != Status.PROCESSING) {
            if (answer.equals(r.details().get("answer"))) {
                return null;
            }
            throw SwitchingException.conflict("id", id, "is " + r.status().name() + " already; it cannot be answered " + answer);
        }
        Instant now = clock.instant();
        if (!now.isBefore(dates.deadline(r.date()))) {
            throw SwitchingException.conflict("id", id, "is past its matching deadline " + dates.deadline(r.date()));
        }
        List<Application> out = new ArrayList<>();
        if (ok) {
            Application stop = applications.activeOf(operator, r.supplyPoint(), r.date(), ApplicationType.SWITCH_STOP);
            if (stop == null) {
                stop = new Application(applications.nextId(), ApplicationType.SWITCH_STOP, operator,
                        r.supplyPoint(), r.date(), null, Status.PROCESSING, null, null,
                        Sha256.hex("on-behalf|" + id), now, now, null, Map.of("brokeringId", id, "filedBy", "platform"), List.of());
                out.add(stop);
            }
            out.add(0, r.withDetail("answer", "OK", now).withDetail("stopId", stop.id(), now)
                    .withStatus(Status.OK, "current retailer answered OK; stop " + stop.id() + " filed", now));
        } else {
            out.add(r.withDetail("answer", "NG", now).withStatus(Status.NG, "current retailer answered NG: " + reason, now));
        }
        return new Event(now, out, List.of(), List.of());
    }
}
