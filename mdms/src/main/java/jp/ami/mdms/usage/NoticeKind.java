package jp.ami.mdms.usage;

/**
 * The three low-voltage confirmed-usage notices (確定使用量の通知, seed 002 p.33) and their codes: the two digits
 * after {@code W5} in the file name ({@code TT}), followed by {@code 20} (low voltage); the four digits
 * {@code TT20} are the information class code (JP00002).
 */
public enum NoticeKind implements jp.ami.model.TextCoded {
    /** 低圧月間確定使用量: a point's usage from its previous reading day to its reading day. */
    MONTHLY("12", "低圧月間確定使用量"),
    /** 低圧計量器取替: the old meter's final and the new meter's initial register, and the usage on each. */
    EXCHANGE("13", "低圧計量器取替"),
    /** 低圧臨時検針他: the outgoing retailer's usage up to a switch off the reading day. */
    SPECIAL("14", "低圧臨時検針他");

    /** The voltage code of low voltage in W5 names. */
    public static final String LOW_VOLTAGE = "20";
    private final String code;
    private final String title;

    NoticeKind(String code, String title) {
        this.code = code;
        this.title = title;
    }

    /** {@code TT} of the file name: 12, 13 or 14. */
    @Override
    public String code() {
        return code;
    }

    /** The information class code JP00002: {@code TT} + {@code 20}. */
    public String infoClass() {
        return code + LOW_VOLTAGE;
    }

    /** The notice's Japanese name. */
    public String title() {
        return title;
    }
}
