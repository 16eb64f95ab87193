package jp.ami.switching;

import java.time.LocalDate;
import java.util.Map;
import jp.ami.model.OperatorCode;

/**
 * The rules of the requests with a supply point and a date ({@link Request.Dated}):
 * <ul>
 *   <li>IF_10610 switching start: by a retailer that does not supply the point on the switch date (else 400), at
 *       most one active start of its own per point and date (else 409); NG at once when another retailer's start
 *       or 廃止取次 for the point and date was accepted first. Processing until the matching batch pairs it.</li>
 *   <li>IF_10710 switching stop: by the retailer supplying the point on the switch date (else 403), at most one
 *       active stop of its own per point and date (else 409). Processing until the matching batch pairs it.</li>
 *   <li>IF_10410 reconnection, IF_10510 discontinuation: by the retailer supplying the point on the date (else
 *       403), a date after today (no deadline); they stay processing (the field work is out of scope).</li>
 * </ul>
 * The date of each is the point's reading day ({@link ReadingDays}): the next possible one when the request has none,
 * else it must be one unless the customer asked for it (400 naming the field and the next two). Details:
 * {@code readingGroup}; {@code customerRequestedDate=true} when the customer asked for the date, with
 * {@code offCycle=true} when it is no reading day (the MDMS takes a special reading on it).
 */
record DatedRule(SwitchChecks checks, ReadingDays readingDays) implements CreateRule<Request.Dated> {
    @Override
    public Decision decide(Request.Dated request, Filing f) {
        String field = Request.dateField(request.type());
        boolean switching = request.type().isSwitching();
        LocalDate date = readingDays.dateOf(f, field, request.date(), request.customerRequested(), switching);
        OperatorCode supplier = checks.supplierOn(f, field, date, switching);
        Map<String, String> details = readingDays.dateDetails(f, date, request.customerRequested());
        Decision processing = Decision.processing(date, null, details);
        switch (request.type()) {
            case SWITCH_START -> {
                checks.checkSwitches(f, supplier, date);
                checks.checkOwnDuplicate(f, date, ApplicationType.SWITCH_START);
                return checks.firstAcceptedWins(f, processing);
            }
            case SWITCH_STOP -> {
                checks.checkSupplies(f, supplier, date, request.type());
                checks.checkOwnDuplicate(f, date, ApplicationType.SWITCH_STOP);
                return processing;
            }
            default -> { // RECONNECTION, DISCONTINUATION (Request.Dated allows no other type)
                checks.checkSupplies(f, supplier, date, request.type());
                return processing;
            }
        }
    }
}
