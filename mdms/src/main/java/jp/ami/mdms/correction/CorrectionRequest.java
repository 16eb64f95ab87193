package jp.ami.mdms.correction;

import java.time.LocalDate;
import java.util.function.Function;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.model.Kwh;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;

/**
 * The body of {@code POST /internal/corrections} (JSON; unknown fields are refused):
 * <pre>
 * {"supplyPoint":"0310111001234500000002", "date":"2026-11-22", "slot":47, "kwh":"0.1200",
 *  "reason":"meter display read on site", "operator":"ops-tanaka", "status":"estimated"}
 * </pre>
 * {@code date} is the JST date and {@code slot} the slot number 1–48 of that day; {@code kwh} the new value, a decimal
 * with at most 4 places; {@code status} {@code estimated} (default) or {@code measured}; {@code reason} and
 * {@code operator} are required (the audit trail names who changed what and why).
 */
public record CorrectionRequest(String supplyPoint, String date, Integer slot, String kwh, String reason, String operator,
                                String status) {

    /** A request whose fields are well-formed. */
    public record Valid(SupplyPointId supplyPoint, long slotIndex, long units, ValueStatus status, String reason,
                        String operator) {
    }

    /**
     * The validated request.
     *
     * @throws IllegalArgumentException naming the first bad field and what is expected
     */
    public Valid validate() {
        SupplyPointId sp = parsed(supplyPoint, "supplyPoint is required (22 digits)", SupplyPointId::of,
                e -> "supplyPoint: " + e.getMessage());
        LocalDate d = parsed(date, "date is required (YYYY-MM-DD, JST)", LocalDate::parse,
                e -> "date: not a YYYY-MM-DD date: " + date);
        if (slot == null || slot < 1 || slot > Slots.SLOTS_PER_DAY) {
            throw new IllegalArgumentException("slot must be 1–48 (the slot number of that JST day)");
        }
        long units = parsed(kwh, "kwh is required (a decimal, at most 4 places)", Kwh::parseUnits,
                e -> "kwh: not a decimal with at most 4 places: " + kwh);
        if (reason == null || reason.isBlank() || reason.length() > 200) {
            throw new IllegalArgumentException("reason is required (1–200 characters)");
        }
        if (operator == null || !operator.matches("[\\p{L}\\p{N}._@-]{1,64}")) {
            throw new IllegalArgumentException("operator is required (1–64 letters, digits, . _ @ -)");
        }
        ValueStatus s = switch (status == null ? "estimated" : status) {
            case "estimated" -> ValueStatus.ESTIMATED;
            case "measured" -> ValueStatus.PRESENT;
            default -> throw new IllegalArgumentException("status must be estimated or measured");
        };
        return new Valid(sp, Slots.index(d, slot), units, s, reason.strip(), operator);
    }

    /**
     * {@code text} parsed by {@code parser}; an {@link IllegalArgumentException} saying {@code required} when it is
     * null, or {@code bad} of what the parser threw when it is malformed.
     */
    private static <T> T parsed(String text, String required, Function<String, T> parser, Function<RuntimeException, String> bad) {
        if (text == null) {
            throw new IllegalArgumentException(required);
        }
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(bad.apply(e));
        }
    }
}
