package jp.ami.protocol.batch;

/** Outcome of {@link BatchReader#of}: any value other than {@link #OK} makes the whole batch malformed. */
public enum BatchResult {
    OK,
    /** Shorter than the header, or an entry's length runs past the end. */
    TRUNCATED,
    /** Not 'A' 'B'. */
    BAD_MAGIC,
    BAD_VERSION,
    /** Path byte is not a CommPath code. */
    BAD_PATH,
    /** count exceeds {@value BatchFrame#MAX_ENVELOPES}. */
    TOO_MANY_ENVELOPES,
    /** The frame exceeds {@value BatchFrame#MAX_BYTES}. */
    TOO_LARGE,
    /** Bytes follow the last entry. */
    TRAILING_BYTES
}
