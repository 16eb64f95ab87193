package jp.ami.certs;

import java.util.regex.Pattern;

/**
 * Validation of operator codes (事業者コード, exactly 5 characters {@code [0-9A-Z]}).
 * Kept here, not taken from the model module, so that the CA tooling stands alone.
 */
public final class OperatorCodes {
    private static final Pattern CODE = Pattern.compile("[0-9A-Z]{5}");

    private OperatorCodes() {
    }

    /** True when {@code code} is a well-formed operator code. */
    public static boolean isValid(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    /**
     * Returns {@code code} unchanged when valid.
     *
     * @throws IllegalArgumentException naming the field and the value, e.g.
     *     {@code operatorCode: "r13" must be exactly 5 characters [0-9A-Z]}
     */
    public static String requireValid(String code) {
        if (!isValid(code)) {
            String shown = code == null ? "null" : "\"" + code + "\"";
            throw new IllegalArgumentException("operatorCode: " + shown + " must be exactly 5 characters [0-9A-Z]");
        }
        return code;
    }
}
