package jp.ami.protocol.envelope;

/** Outcome of {@link EnvelopeOpener#parseHeader} and {@link EnvelopeOpener#open}. */
public enum OpenResult {
    OK,
    /** Shorter than header + tag, or the length does not match {@code payloadLength}. */
    MALFORMED,
    /** Version byte is not {@value Envelope#VERSION}. */
    BAD_VERSION,
    /** {@code payloadLength} exceeds {@value Envelope#MAX_PAYLOAD}. */
    TOO_LARGE,
    /** Authentication failed: tampered, wrong key, or wrong header. */
    BAD_TAG
}
