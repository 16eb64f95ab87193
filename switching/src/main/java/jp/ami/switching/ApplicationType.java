package jp.ami.switching;

/**
 * The kinds of application a retailer can file, named by the interface code that creates them and (where one
 * exists) the interface code of their status inquiry.
 *
 * <table>
 * <caption>interface codes</caption>
 * <tr><th>create</th><th>inquiry</th><th>meaning</th></tr>
 * <tr><td>IF_10110</td><td>—</td><td>supply-point facility information; answered at once (status 2)</td></tr>
 * <tr><td>IF_10310</td><td>—</td><td>usage information; needs the customer's consent password (valid at most one
 *     month); OK means the retailer may fetch the values — serving them is the MDMS's job, not this service's</td></tr>
 * <tr><td>IF_10210</td><td>IF_10220</td><td>usage-viewing password: a retailer asks that the customer be issued a
 *     consent password (with the customer's name and address for the identity check); processing until a TSO
 *     registers the consent for the point, then OK</td></tr>
 * <tr><td>IF_10410</td><td>IF_10420</td><td>reconnection, by the point's supplier on the date; stays processing (field work)</td></tr>
 * <tr><td>IF_10510</td><td>IF_10520</td><td>discontinuation, by the point's supplier on the date; stays processing (field work)</td></tr>
 * <tr><td>IF_10610</td><td>IF_10620</td><td>switching start, by the new retailer</td></tr>
 * <tr><td>IF_10710</td><td>IF_10720</td><td>switching stop, by the retailer supplying the point on the switch date</td></tr>
 * <tr><td>IF_10810</td><td>IF_10820</td><td>change of demand-location information (customer name, kana, address,
 *     phone), by the point's current supplier; stays processing (the TSO's customer records are out of scope)</td></tr>
 * <tr><td>IF_10910</td><td>IF_10920</td><td>ampere change (契約電流変更): new contract amperes from a date, by the
 *     point's supplier on the date; stays processing (the breaker setting is field work)</td></tr>
 * <tr><td>IS_20110</td><td>IS_20210</td><td>廃止取次 (switching cancellation brokering): the new retailer asks the
 *     current one to stop; IS_20310 lists them for the current retailer, IS_20410 answers OK/NG</td></tr>
 * </table>
 * {@value #BULK} pages through every application of the caller in change order.
 */
public enum ApplicationType implements jp.ami.model.TextCoded {
    FACILITY_INFO("IF_10110", null),
    USAGE_INFO("IF_10310", null),
    RECONNECTION("IF_10410", "IF_10420"),
    DISCONTINUATION("IF_10510", "IF_10520"),
    SWITCH_START("IF_10610", "IF_10620"),
    SWITCH_STOP("IF_10710", "IF_10720"),
    BROKERING("IS_20110", "IS_20210"),
    USAGE_PASSWORD("IF_10210", "IF_10220"),
    LOCATION_CHANGE("IF_10810", "IF_10820"),
    AMPERE_CHANGE("IF_10910", "IF_10920");

    /** IS_20310: the current retailer lists the 廃止取次 requests addressed to it. */
    public static final String BROKERING_LIST = "IS_20310";
    /** IS_20410: the current retailer answers a 廃止取次 request OK or NG. */
    public static final String BROKERING_ANSWER = "IS_20410";
    /** IF_11110: the caller's applications changed after a cursor, in change order (異動申込一括取得). */
    public static final String BULK = "IF_11110";

    private final String code;
    private final String inquiryCode;

    ApplicationType(String code, String inquiryCode) {
        this.code = code;
        this.inquiryCode = inquiryCode;
    }

    /** The interface code that creates this kind of application, e.g. {@code IF_10610}. */
    @Override
    public String code() {
        return code;
    }

    /** The interface code of its status inquiry, e.g. {@code IF_10620}, or null. */
    public String inquiryCode() {
        return inquiryCode;
    }

    /** The type created by interface {@code code}, or null. */
    public static ApplicationType ofCode(String code) {
        return CodeTableHolder.CODES.find(code);
    }

    /** Built on first use (an enum's static fields are initialised after its constants). */
    private static final class CodeTableHolder {
        static final jp.ami.model.TextCodeTable<ApplicationType> CODES = jp.ami.model.TextCodeTable.of(ApplicationType.class);
    }

    /** The type whose status inquiry is interface {@code code}, or null. */
    public static ApplicationType ofInquiryCode(String code) {
        for (ApplicationType t : values()) {
            if (code.equals(t.inquiryCode)) {
                return t;
            }
        }
        return null;
    }

    /** True for the types that carry a switch date and take part in matching/deadlines. */
    public boolean isSwitching() {
        return this == SWITCH_START || this == SWITCH_STOP || this == BROKERING;
    }
}
