package jp.ami.sim;

import java.util.concurrent.CompletableFuture;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;

/**
 * How a concentrator, relay or border router hands a batch frame to the head-end. The future completes with
 * the head-end's ack (sent only after the batch is journaled) or fails; the caller resends on failure.
 */
public interface BatchTransport extends AutoCloseable {
    CompletableFuture<AckFrame> send(CommPath path, int sourceId, long batchSeq, byte[] frame);

    /**
     * Registers who answers the head-end's re-collection requests arriving on this transport (TCP: a request
     * frame on a source's connection; CoAP: a POST to the border router's {@code /recollect}). Called on the
     * transport's I/O thread; the handler must not block. Transports that cannot receive requests ignore it.
     */
    default void onRecollect(java.util.function.Consumer<jp.ami.protocol.recollect.RecollectRequest> handler) {
    }

    @Override
    void close();
}
