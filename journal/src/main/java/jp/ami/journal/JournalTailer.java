package jp.ami.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/** Reads reading batches in order. A named tailer persists its position in the journal. Not thread-safe. */
public final class JournalTailer implements ReadingLogReader {
    private final ExcerptTailer tailer;

    JournalTailer(ExcerptTailer tailer) {
        this.tailer = tailer;
    }

    /**
     * Reads the next document into {@code into}. Returns true when a batch was read (it may hold zero records
     * if the document was not a reading batch), false when there is nothing new yet.
     */
    @Override
    public boolean poll(ReadingBatch into) {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                into.clear();
                return false;
            }
            into.readFrom(dc.wire().bytes());
            into.documentIndex(dc.index());
            return true;
        }
    }

    /** Index of the next document this tailer will read. */
    @Override
    public long index() {
        return tailer.index();
    }

    /** Moves to a document index previously returned by {@link JournalAppender#append} or {@link #index()}. */
    @Override
    public boolean moveToIndex(long index) {
        return tailer.moveToIndex(index);
    }

    @Override
    public void toStart() {
        tailer.toStart();
    }

    @Override
    public void close() {
        tailer.close();
    }
}
