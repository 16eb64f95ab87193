package jp.ami.hes;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import jp.ami.protocol.batch.BatchReader;
import jp.ami.protocol.batch.BatchResult;
import jp.ami.protocol.envelope.Envelope;
import jp.ami.protocol.envelope.EnvelopeOpener;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.protocol.envelope.OpenResult;

/**
 * The AES-GCM stage of ingest, run on the thread that submits a batch (Netty workers, Californium's executor — in
 * parallel across connections): verifies and decrypts every envelope of a known meter into a {@link PreOpened}, so
 * the ingest thread does only the cheap, stateful checks. Each submitting thread has its own reader, opener and
 * plaintext buffer; the results' buffers are handed back with {@link #recycle} once their batch is checked, so a warm
 * path allocates nothing per batch. Thread-safe.
 */
final class PreOpener {
    private final MeterDirectory directory;
    private final ThreadLocal<Opener> openers;
    /** Pre-opened buffers of finished batches, reused by {@link #open}. */
    private final ArrayBlockingQueue<PreOpened> spare = new ArrayBlockingQueue<>(64);

    private static final class Opener {
        final BatchReader reader = new BatchReader();
        final EnvelopeOpener opener;
        final ByteBuffer plain = ByteBuffer.allocate(Envelope.MAX_PAYLOAD);

        Opener(MeterKeys keys) {
            opener = new EnvelopeOpener(keys);
        }
    }

    PreOpener(MeterDirectory directory, MeterKeys keys) {
        this.directory = directory;
        this.openers = ThreadLocal.withInitial(() -> new Opener(keys));
    }

    /** Null when the batch structure is broken (the ingest thread reports it). */
    PreOpened open(ByteBuffer frame) {
        Opener o = openers.get();
        if (o.reader.of(frame) != BatchResult.OK) {
            return null;
        }
        PreOpened pre = spare.poll();
        if (pre == null || !pre.fits(o.reader.count(), frame.remaining())) {
            // sized for a full batch, so a recycled one fits the next
            pre = new PreOpened(Math.max(o.reader.count(), 1024), Math.max(frame.remaining(), 64 * 1024));
        }
        int at = 0;
        int k = 0;
        while (o.reader.next()) {
            pre.ok[k] = false;
            if (o.opener.parseHeader(o.reader.buffer(), o.reader.envelopeOffset(), o.reader.envelopeLength()) == OpenResult.OK
                    && directory.isKnown(o.opener.meterId())) {
                o.plain.clear();
                if (o.opener.open(o.plain) == OpenResult.OK) {
                    int len = o.plain.position();
                    System.arraycopy(o.plain.array(), 0, pre.plain, at, len);
                    pre.ok[k] = true;
                    pre.offset[k] = at;
                    pre.length[k] = len;
                    at += len;
                }
            }
            k++;
        }
        return pre;
    }

    /** Hands back the buffers of a batch the ingest thread has finished with ({@code null} is ignored). */
    void recycle(PreOpened pre) {
        if (pre != null) {
            spare.offer(pre);
        }
    }
}
