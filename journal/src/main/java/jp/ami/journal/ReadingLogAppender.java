package jp.ami.journal;

/** Appends reading batches to a {@link ReadingLog}. Not thread-safe. */
public interface ReadingLogAppender extends AutoCloseable {
    /**
     * Writes the whole batch; when this returns the batch is in the log and the head-end may acknowledge it. Empty
     * batches are not written. Returns the position of the (first) document written, or -1 for an empty batch.
     *
     * @throws JournalUnavailableException when the log cannot take the batch now (full disk, broker down or too few
     *         in-sync replicas): the batch must be answered "retry" and is possibly, but not certainly, in the log
     */
    long append(ReadingBatch batch);

    @Override
    void close();
}
