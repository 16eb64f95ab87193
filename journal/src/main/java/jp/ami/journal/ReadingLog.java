package jp.ami.journal;

/**
 * The durable, ordered log of reading batches between head-end and MDMS. Implementations: {@link Journal} (a Chronicle
 * Queue directory on this machine) and the Kafka journal ({@code journal-kafka}: one partition of a topic). Open one
 * by location with {@link ReadingLogs#open}.
 *
 * <p>Contract: a batch whose {@link ReadingLogAppender#append} returned is in the log (how durably depends on the
 * implementation and its {@link JournalSync}); a {@link ReadingLogReader} reads one log in one total order, the same
 * order on every read, each document once — the MDMS keys its engine log on the count of documents consumed.
 */
public interface ReadingLog extends AutoCloseable {
    /** An appender for the calling thread (not thread-safe: one per writing thread). */
    default ReadingLogAppender appender() {
        return appender(SupplyPointKey.METER);
    }

    /**
     * An appender whose implementation may spread a batch over several ordered logs (partitions): all readings of one
     * supply point, as {@code key} names it, always go to the same one.
     */
    ReadingLogAppender appender(SupplyPointKey key);

    /** A reader from the first document of the log (for the MDMS's replay, tools and tests). Not thread-safe. */
    ReadingLogReader readerFromStart();

    /**
     * How long a reader's empty poll may mean "still fetching" rather than "no more documents": zero for a local log
     * (an empty poll is the end), longer for a remote one whose reader fetches over the network.
     */
    default java.time.Duration fetchPatience() {
        return java.time.Duration.ZERO;
    }

    /** Where the log is, for log lines (a directory, or {@code kafka://…/topic?partition=N}). */
    String location();

    @Override
    void close();
}
