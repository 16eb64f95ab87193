package jp.ami.model;

/**
 * A constant with a text code on the wire or in a file name (an interface code {@code IF_10610}, a notice's
 * {@code 12}): {@link TextCodeTable} finds a constant by it, as {@link CodeTable} does for {@link Coded}.
 */
public interface TextCoded {
    /** The constant's code: the text it is written as and read back from. */
    String code();
}
