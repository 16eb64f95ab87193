package jp.ami.switching;

import java.util.Map;
import java.util.TreeMap;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;

/**
 * IF_10810 change of demand-location information (customer name, kana, address, phone): only the retailer that
 * supplies the point now (else 403). Processing — the TSO's customer records are out of scope; the new values are
 * the application's details, one per given field.
 */
record LocationChangeRule(SupplyRegistry registry) implements CreateRule<Request.LocationChange> {
    @Override
    public Decision decide(Request.LocationChange request, Filing f) {
        OperatorCode supplier = registry.retailerAt(f.pointIndex(), Slots.containing(f.now().getEpochSecond()));
        if (!supplier.equals(f.applicant())) {
            throw SwitchingException.forbidden("supplyPointId", f.point().value(),
                    "is not supplied by " + f.applicant() + " now; only the supplying retailer may file IF_10810");
        }
        Map<String, String> details = new TreeMap<>();
        put(details, "customerName", request.customerName());
        put(details, "customerNameKana", request.customerNameKana());
        put(details, "address", request.address());
        put(details, "phone", request.phone());
        return Decision.processing(null, null, details);
    }

    private static void put(Map<String, String> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
    }
}
