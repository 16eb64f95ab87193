package jp.ami.journal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Appends reading batches, one journal document each; with {@link JournalSync#BATCH} each one msynced (MS_SYNC) before
 * {@link #append} returns. Not thread-safe.
 *
 * <p>The msync is Chronicle's own {@code StoreAppender.sync()} (the mapped store's pages up to the write position,
 * with the queue's {@code SyncMode.SYNC}). That appender does not implement {@code Syncable} in this Chronicle
 * version — {@code Syncable.syncIfAvailable} silently did nothing, which strace showed (2 msyncs for 1,000 batches) —
 * and its class is not public, so its public {@code sync()} is called through a method handle, looked up once.
 */
public final class JournalAppender implements ReadingLogAppender {
    private final ExcerptAppender appender;
    private final MethodHandle sync;

    JournalAppender(ExcerptAppender appender, JournalSync sync) {
        this.appender = appender;
        this.sync = sync == JournalSync.BATCH ? syncOf(appender) : null;
    }

    private static MethodHandle syncOf(ExcerptAppender appender) {
        try {
            Method m = appender.getClass().getMethod("sync");
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(void.class, ExcerptAppender.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("--journal-sync batch: this Chronicle Queue's appender " + appender.getClass().getName()
                    + " offers no sync(): " + e, e);
        }
    }

    /**
     * Writes the whole batch as one document; when this returns the batch is in the journal (and on disk with
     * {@link JournalSync#BATCH}: the mapped pages up to the document's end are msynced). Empty batches are not
     * written. Returns the document's index, or -1 for an empty batch.
     */
    @Override
    public long append(ReadingBatch batch) {
        if (batch.isEmpty()) {
            return -1;
        }
        try (DocumentContext dc = appender.writingDocument()) {
            batch.writeTo(dc.wire().bytes());
        }
        if (sync != null) {
            try {
                sync.invokeExact(appender);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("msync of the journal failed", t);
            }
        }
        return appender.lastIndexAppended();
    }

    @Override
    public void close() {
        appender.close();
    }
}
