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

    @Override
    void close();
}
