package jp.ami.switching;

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
 */
final class DatedRule implements CreateRule<Request.Dated> {
    private final SwitchChecks checks;

    DatedRule(SwitchChecks checks) {
        this.checks = checks;
    }

    @Override
    public Decision decide(Request.Dated request, Filing f) {
        OperatorCode supplier = checks.supplierOn(f, Request.dateField(request.type()), request.date(), request.type().isSwitching());
        Decision processing = Decision.processing(request.date(), null, Map.of());
        switch (request.type()) {
            case SWITCH_START -> {
                checks.checkSwitches(f, supplier, request.date());
                checks.checkOwnDuplicate(f, request.date(), ApplicationType.SWITCH_START);
                return checks.firstAcceptedWins(f, processing);
            }
            case SWITCH_STOP -> {
                checks.checkSupplies(f, supplier, request.date(), request.type());
                checks.checkOwnDuplicate(f, request.date(), ApplicationType.SWITCH_STOP);
                return processing;
            }
            default -> { // RECONNECTION, DISCONTINUATION (Request.Dated allows no other type)
                checks.checkSupplies(f, supplier, request.date(), request.type());
                return processing;
            }
        }
    }
}
