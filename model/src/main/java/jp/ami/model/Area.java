package jp.ami.model;

/** The ten general transmission/distribution areas; the code is digits 1–2 of a supply point ID. */
public enum Area implements Coded {
    HOKKAIDO(1), TOHOKU(2), TOKYO(3), CHUBU(4), HOKURIKU(5), KANSAI(6), CHUGOKU(7), SHIKOKU(8), KYUSHU(9), OKINAWA(10);

    private static final CodeTable<Area> CODES = CodeTable.of(Area.class);

    private final int code;

    Area(int code) {
        this.code = code;
    }

    /** 1–10. */
    @Override
    public int code() {
        return code;
    }

    /** Two digits, as in a supply point ID: {@code "03"}. */
    public String twoDigits() {
        return code < 10 ? "0" + code : Integer.toString(code);
    }

    public static Area ofCode(int code) {
        return CODES.require(code, "areaCode", "must be 01–10");
    }
}
