package jp.ami.switching;

import java.time.LocalDate;
import java.util.Map;
import java.util.OptionalInt;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;

/**
 * IF_10910 ampere change (契約電流変更): by the retailer supplying the point on {@code date} (else 403), the date
 * a reading day of the point (the next possible one when none is given) unless the customer asked for it, like a
 * reconnection ({@link ReadingDays}); new amperes equal to the contract amperes the master data has → 400 naming
 * {@code contractAmperes}. Processing (the breaker setting is field work). Details: {@code contractAmperes} (new),
 * {@code previousAmperes} (when known), {@code readingGroup}, {@code customerRequestedDate}/{@code offCycle}.
 * The MDMS's contract-capacity check is not told (it reads its own master data).
 */
record AmpereChangeRule(SwitchChecks checks, ReadingDays readingDays) implements CreateRule<Request.AmpereChange> {
    @Override
    public Decision decide(Request.AmpereChange request, Filing f) {
        LocalDate date = readingDays.dateOf(f, "date", request.date(), request.customerRequested(), false);
        OperatorCode supplier = checks.supplierOn(f, "date", date, false);
        checks.checkSupplies(f, supplier, date, ApplicationType.AMPERE_CHANGE);
        OptionalInt current = readingDays.contractAmperes(f);
        if (current.isPresent() && current.getAsInt() == request.amperes()) {
            throw new InvalidValueException("contractAmperes", request.amperes(),
                    "is already the contract amperes of supply point " + f.point());
        }
        Map<String, String> details = readingDays.dateDetails(f, date, request.customerRequested());
        details.put("contractAmperes", Integer.toString(request.amperes()));
        current.ifPresent(a -> details.put("previousAmperes", Integer.toString(a)));
        return Decision.processing(date, null, details);
    }
}
