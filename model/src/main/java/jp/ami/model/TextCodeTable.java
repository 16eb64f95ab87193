package jp.ami.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Text code → constant for one {@link TextCoded} enum, built once (a {@code static final} of the enum); the
 * counterpart of {@link CodeTable}. What an undefined code means stays the enum's decision. Codes must be non-null
 * and distinct. Immutable and thread-safe.
 */
public final class TextCodeTable<E extends Enum<E> & TextCoded> {
    private final Map<String, E> byCode;

    private TextCodeTable(E[] constants) {
        Map<String, E> m = new HashMap<>();
        for (E e : constants) {
            if (e.code() == null) {
                throw new IllegalArgumentException(e + " has no code");
            }
            E before = m.putIfAbsent(e.code(), e);
            if (before != null) {
                throw new IllegalArgumentException(e + " and " + before + " have the same code " + e.code());
            }
        }
        byCode = Map.copyOf(m);
    }

    /** The table of every constant of {@code type}. */
    public static <E extends Enum<E> & TextCoded> TextCodeTable<E> of(Class<E> type) {
        return new TextCodeTable<>(type.getEnumConstants());
    }

    /** The constant with {@code code}, or null when none has it (or {@code code} is null). */
    public E find(String code) {
        return code == null ? null : byCode.get(code);
    }

    /** Whether a constant has {@code code}. */
    public boolean contains(String code) {
        return find(code) != null;
    }
}
