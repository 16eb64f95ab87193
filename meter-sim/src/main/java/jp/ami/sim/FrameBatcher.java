package jp.ami.sim;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.BatchFrame;
import jp.ami.protocol.batch.BatchWriter;

/**
 * Collects sealed envelopes into batch frames of one source: a frame is begun at the first envelope (taking the next
 * batch sequence number then), closed when the next envelope no longer fits, and at {@link #flush}; each closed frame
 * is copied out of the batcher's one reused buffer into {@code out}. Not thread-safe.
 */
final class FrameBatcher {
    private final CommPath path;
    private final int sourceId;
    private final LongSupplier nextBatchSeq;
    private final List<byte[]> out;
    private final ByteBuffer buf = ByteBuffer.allocate(BatchFrame.MAX_BYTES);
    private final BatchWriter writer = new BatchWriter();
    private boolean open;

    FrameBatcher(CommPath path, int sourceId, LongSupplier nextBatchSeq, List<byte[]> out) {
        this.path = path;
        this.sourceId = sourceId;
        this.nextBatchSeq = nextBatchSeq;
        this.out = out;
    }

    /** A frame without envelopes (a source announcing itself), with the next batch sequence number. */
    static byte[] empty(CommPath path, int sourceId, LongSupplier nextBatchSeq) {
        List<byte[]> out = new ArrayList<>(1);
        FrameBatcher b = new FrameBatcher(path, sourceId, nextBatchSeq, out);
        b.begin();
        b.flush();
        return out.get(0);
    }

    private void begin() {
        buf.clear();
        writer.begin(buf, path, sourceId, nextBatchSeq.getAsLong());
        open = true;
    }

    void add(byte[] envelope) {
        if (!open) {
            begin();
        }
        if (!writer.add(envelope)) {
            flush();
            add(envelope);
        }
    }

    /** Closes the open frame, if any, into {@code out}. */
    void flush() {
        if (!open) {
            return;
        }
        open = false;
        int len = writer.finish();
        byte[] frame = new byte[len];
        buf.get(0, frame);
        out.add(frame);
    }
}
