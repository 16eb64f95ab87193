package jp.ami.switching;

/**
 * A request the service refuses for a reason other than a malformed value (those are
 * {@link jp.ami.model.InvalidValueException}, HTTP 400): unknown supply point or application (404), wrong
 * operator (403), a clash with an existing application or idempotency key (409).
 */
public final class SwitchingException extends RuntimeException {
    private final int httpStatus;
    private final String field;
    private final String value;

    public SwitchingException(int httpStatus, String field, Object value, String reason) {
        super(field + ": " + (value == null ? "null" : "\"" + value + "\"") + " " + reason);
        this.httpStatus = httpStatus;
        this.field = field;
        this.value = value == null ? null : String.valueOf(value);
    }

    static SwitchingException notFound(String field, Object value, String reason) {
        return new SwitchingException(404, field, value, reason);
    }

    /** 404 {@code supplyPointId}: the point is not in the supply registry. */
    static SwitchingException unknownSupplyPoint(jp.ami.model.SupplyPointId point) {
        return notFound("supplyPointId", point.value(), "is not a known supply point");
    }

    static SwitchingException forbidden(String field, Object value, String reason) {
        return new SwitchingException(403, field, value, reason);
    }

    static SwitchingException conflict(String field, Object value, String reason) {
        return new SwitchingException(409, field, value, reason);
    }

    /** 403, 404 or 409. */
    public int httpStatus() {
        return httpStatus;
    }

    public String field() {
        return field;
    }

    public String value() {
        return value;
    }
}
