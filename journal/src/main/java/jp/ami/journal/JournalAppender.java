package jp.ami.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/** Appends reading batches, one journal document each. Not thread-safe. */
public final class JournalAppender implements AutoCloseable {
    private final ExcerptAppender appender;

    JournalAppender(ExcerptAppender appender) {
        this.appender = appender;
    }

    /**
     * Writes the whole batch as one document; when this returns the batch is in the journal. Empty batches
     * are not written. Returns the document's index, or -1 for an empty batch.
     */
    public long append(ReadingBatch batch) {
        if (batch.isEmpty()) {
            return -1;
        }
        try (DocumentContext dc = appender.writingDocument()) {
            batch.writeTo(dc.wire().bytes());
        }
        return appender.lastIndexAppended();
    }

    @Override
    public void close() {
        appender.close();
    }
}
