package jp.ami.switching;

import java.util.Map;
import jp.ami.model.OperatorCode;

/**
 * IS_20110 廃止取次 request: the new retailer (not the point's supplier on the switch date, else 400) asks the
 * current one — the {@code counterpart} — to stop, naming the customer's contract; at most one active request of its
 * own per point and date (else 409); NG at once when another retailer's start or 廃止取次 was accepted first.
 * Processing until the current retailer answers ({@link BrokeringAnswers}) or the deadline passes.
 */
record BrokeringRule(SwitchChecks checks) implements CreateRule<Request.Brokering> {
    @Override
    public Decision decide(Request.Brokering request, Filing f) {
        OperatorCode supplier = checks.supplierOn(f, "switchDate", request.date(), true);
        checks.checkSwitches(f, supplier, request.date());
        checks.checkOwnDuplicate(f, request.date(), ApplicationType.BROKERING);
        Map<String, String> details = Map.of("contractNumber", request.contractNumber(),
                "contractName", request.contractName(), "address", request.address());
        return checks.firstAcceptedWins(f, Decision.processing(request.date(), supplier, details));
    }
}
