package jp.ami.model;

/**
 * A constant with a numeric code on the wire, in the journal or in a file: the enums whose constants carry a
 * {@code code()} ({@link CommPath}, {@link EnergyUnit}, {@link Area}, …). {@link CodeTable} finds a constant by its
 * code for all of them.
 */
public interface Coded {
    /** The constant's code: the value it is written as and read back from. */
    int code();
}
