package jp.ami.journal;

/** Reads the documents of one ordered log in order; the position is a document index (Chronicle) or offset (Kafka). Not thread-safe. */
public interface ReadingLogReader extends AutoCloseable {
    /**
     * Reads the next document into {@code into} (its position in {@link ReadingBatch#documentIndex()}). Returns true
     * when a document was read (it may hold zero records if it was not a reading batch), false when there is nothing
     * new yet.
     */
    boolean poll(ReadingBatch into);

    /** Position of the next document this reader will read. */
    long index();

    /** Moves to a position previously returned by an append or {@link #index()}; false when the log has no such document. */
    boolean moveToIndex(long index);

    /** Moves to the first document of the log. */
    void toStart();

    @Override
    void close();
}
