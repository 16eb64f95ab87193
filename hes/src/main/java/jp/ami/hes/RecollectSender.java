package jp.ami.hes;

import jp.ami.protocol.recollect.RecollectRequest;

/**
 * How a transport delivers a {@link RecollectRequest} to a source it has a session with (TCP: the source's
 * connection; CoAP: the border router's address). Implementations are thread-safe and never block.
 */
public interface RecollectSender {
    /** Sends the request to its source; false when no session with that source is known. */
    boolean send(RecollectRequest request);

    /** The sources with a known session, as {@code path << 32 | sourceId}. */
    long[] sources();
}
