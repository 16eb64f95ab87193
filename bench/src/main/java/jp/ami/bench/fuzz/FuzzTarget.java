package jp.ami.bench.fuzz;

import java.util.List;
import jp.ami.model.InvalidValueException;

/**
 * One parser that takes outside bytes, as the fuzzer drives it. {@link #exercise} feeds it one input; the parser's
 * contract is to accept the input or refuse it with its specific rejection — a {@link #isRejection rejection} or a
 * result code the target maps to an {@link #exercise outcome}. Anything else it throws (an index out of bounds, a
 * null pointer, an error) is a crash, and an input that does not return within the runner's limit is a hang.
 */
public interface FuzzTarget {
    /** Short name, e.g. {@code envelope}. */
    String name();

    /** Valid inputs the mutations start from (at least one). */
    List<byte[]> seeds();

    /**
     * Feeds {@code input} to the parser; returns a short outcome label (e.g. {@code ok}, or the result code's name) —
     * inputs with a new outcome join the corpus, so the fuzzer digs further from them.
     */
    String exercise(byte[] input) throws Exception;

    /** Whether {@code t} is the parser's documented way of refusing bad input (its reason is the outcome). */
    default boolean isRejection(Throwable t) {
        return t instanceof InvalidValueException;
    }

    /**
     * The outcome label of a rejection: the field it names (numbers such as line numbers masked, at most 40
     * characters), so different reasons count as different outcomes but a field name taken from the input does not
     * make every input new.
     */
    default String rejectionOutcome(Throwable t) {
        if (!(t instanceof InvalidValueException e)) {
            return "refused:" + t.getClass().getSimpleName();
        }
        String field = e.field().replaceAll("[0-9]+", "#");
        return "refused:" + (field.length() > 40 ? field.substring(0, 40) : field);
    }

    /** Called once after the run (e.g. to release a channel). */
    default void close() {
    }
}
