package jp.ami.journal;

import net.openhft.chronicle.core.io.Syncable;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/** Appends reading batches, one journal document each; with {@link JournalSync#BATCH} each one msynced. Not thread-safe. */
public final class JournalAppender implements ReadingLogAppender {
    private final ExcerptAppender appender;
    private final boolean sync;

    JournalAppender(ExcerptAppender appender, JournalSync sync) {
        this.appender = appender;
        this.sync = sync == JournalSync.BATCH;
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
        if (sync) {
            Syncable.syncIfAvailable(appender); // StoreAppender.sync(): msync of the mapped store up to the write position
        }
        return appender.lastIndexAppended();
    }

    @Override
    public void close() {
        appender.close();
    }
}
