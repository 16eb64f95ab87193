package jp.ami.model;

/**
 * Code → constant for one {@link Coded} enum: a dense array indexed by code, built once (a {@code static final}
 * of the enum), looked up without allocating, so decoders on hot paths can use it. What an undefined code means
 * (null, a default, an {@link InvalidValueException} with the enum's own message) stays the enum's decision:
 *
 * <pre>{@code
 * private static final CodeTable<CommPath> CODES = CodeTable.of(CommPath.class);
 * public static CommPath ofCode(int code) {
 *     return CODES.require(code, "path", "must be 1 (wisun), 2 (plc) or 3 (relay)");
 * }
 * }</pre>
 *
 * Codes must be 0–{@value #MAX_CODE} and distinct. Immutable and thread-safe.
 */
public final class CodeTable<E extends Enum<E> & Coded> {
    /** The largest code a table holds (the array has one slot per code up to the largest one used). */
    public static final int MAX_CODE = 0xFFFF;

    private final Object[] byCode;

    private CodeTable(E[] constants) {
        int max = -1;
        for (E e : constants) {
            if (e.code() < 0 || e.code() > MAX_CODE) {
                throw new IllegalArgumentException(e + ": code " + e.code() + " is not 0–" + MAX_CODE);
            }
            max = Math.max(max, e.code());
        }
        byCode = new Object[max + 1];
        for (E e : constants) {
            if (byCode[e.code()] != null) {
                throw new IllegalArgumentException(e + " and " + byCode[e.code()] + " have the same code " + e.code());
            }
            byCode[e.code()] = e;
        }
    }

    /** The table of every constant of {@code type}. */
    public static <E extends Enum<E> & Coded> CodeTable<E> of(Class<E> type) {
        return new CodeTable<>(type.getEnumConstants());
    }

    /** The constant with {@code code}, or null when none has it. */
    @SuppressWarnings("unchecked")
    public E find(int code) {
        return code >= 0 && code < byCode.length ? (E) byCode[code] : null;
    }

    /**
     * The constant with {@code code}; when none has it, an {@link InvalidValueException} naming {@code field}, the
     * code and {@code rule} (e.g. {@code path: "4" must be 1 (wisun), 2 (plc) or 3 (relay)}). Allocates only to throw.
     */
    public E require(int code, String field, String rule) {
        E e = find(code);
        if (e == null) {
            throw new InvalidValueException(field, code, rule);
        }
        return e;
    }

    /** Whether a constant has {@code code}. */
    public boolean contains(int code) {
        return find(code) != null;
    }
}
