package jp.ami.switching;

/** The body of each create interface (its fields, nothing else) → its {@link Request}. */
final class RequestBodies {
    /** The flag of a dated create or a date change: the customer asked for that date, reading day or not. */
    static final String CUSTOMER_REQUESTED = "customerRequestedDate";

    private RequestBodies() {
    }

    static Request read(ApplicationType type, JsonBody body) {
        switch (type) {
            case FACILITY_INFO -> {
                body.allow("supplyPointId", "consentPassword");
                return new Request.FacilityInfo(body.supplyPoint(), body.optional("consentPassword"));
            }
            case USAGE_PASSWORD -> {
                body.allow("supplyPointId", "customerName", "address");
                return new Request.UsagePassword(body.supplyPoint(), body.required("customerName"), body.required("address"));
            }
            case LOCATION_CHANGE -> {
                body.allow("supplyPointId", "customerName", "customerNameKana", "address", "phone");
                return new Request.LocationChange(body.supplyPoint(), body.optional("customerName"),
                        body.optional("customerNameKana"), body.optional("address"), body.optional("phone"));
            }
            case AMPERE_CHANGE -> {
                body.allow("supplyPointId", "contractAmperes", "date", CUSTOMER_REQUESTED);
                return new Request.AmpereChange(body.supplyPoint(), body.wholeNumber("contractAmperes"), body.optionalDate("date"),
                        body.flag(CUSTOMER_REQUESTED));
            }
            case USAGE_INFO -> {
                body.allow("supplyPointId", "consentPassword");
                return new Request.UsageInfo(body.supplyPoint(), body.required("consentPassword"));
            }
            case BROKERING -> {
                body.allow("supplyPointId", "switchDate", "contractNumber", "contractName", "address");
                return new Request.Brokering(body.supplyPoint(), body.date("switchDate"), body.required("contractNumber"),
                        body.required("contractName"), body.required("address"));
            }
            default -> {
                String field = Request.dateField(type);
                body.allow("supplyPointId", field, CUSTOMER_REQUESTED);
                return new Request.Dated(type, body.supplyPoint(), body.optionalDate(field), body.flag(CUSTOMER_REQUESTED));
            }
        }
    }
}
