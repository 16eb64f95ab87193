package jp.ami.journal;

import java.nio.file.Path;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * The durable log between head-end and MDMS: a Chronicle Queue in one directory. The head-end appends one
 * document per acknowledged batch ({@link ReadingBatch}); the MDMS reads with a named tailer that remembers
 * where it stopped. This is the only contract between {@code hes} and {@code mdms}.
 *
 * <p>Durability ({@link JournalSync}): with {@code NONE} an append that has returned is in the memory-mapped file and
 * survives a crash of the process (not a power loss); with {@code BATCH} it has also been msynced to the disk.
 */
public final class Journal implements ReadingLog {
    private final SingleChronicleQueue queue;
    private final Path dir;
    private final JournalSync sync;

    private Journal(Path dir, JournalSync sync) {
        this.dir = dir;
        this.sync = java.util.Objects.requireNonNull(sync, "sync");
        // Chronicle's StoreAppender.sync() msyncs only when the queue has a sync mode: without one (the default) it
        // returns at once — seen with strace, 9 msyncs for millions of batches — so BATCH asks for MS_SYNC here
        SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.single(dir.toFile());
        if (sync == JournalSync.BATCH) {
            builder.syncMode(SyncMode.SYNC);
        }
        this.queue = builder.build();
    }

    /** Opens (creating if needed) the journal in {@code dir}, appends not forced to disk ({@link JournalSync#NONE}). */
    public static Journal open(Path dir) {
        return new Journal(dir, JournalSync.NONE);
    }

    /** Opens (creating if needed) the journal in {@code dir} with the given sync policy for its appenders. */
    public static Journal open(Path dir, JournalSync sync) {
        return new Journal(dir, sync);
    }

    public JournalSync sync() {
        return sync;
    }

    public Path dir() {
        return dir;
    }

    /** An appender for the calling thread. Appenders are not thread-safe: one per writing thread. */
    @Override
    public JournalAppender appender() {
        return new JournalAppender(queue.createAppender(), sync);
    }

    /** One ordered log: the supply-point key does not matter. */
    @Override
    public JournalAppender appender(SupplyPointKey key) {
        return appender();
    }

    @Override
    public JournalTailer readerFromStart() {
        return tailerFromStart();
    }

    @Override
    public String location() {
        return dir.toString();
    }

    /**
     * A named tailer: it resumes after the last document read under this name, also after a restart.
     * Tailers are not thread-safe.
     */
    public JournalTailer tailer(String name) {
        return new JournalTailer(queue.createTailer(name));
    }

    /** An anonymous tailer from the start of the journal (for tools and tests). */
    public JournalTailer tailerFromStart() {
        return new JournalTailer(queue.createTailer().toStart());
    }

    /** Index of the last document written, or -1 when the journal is empty. */
    /**
     * The index of the last document Chronicle msynced to disk (with {@link JournalSync#BATCH}, the last appended
     * one), -1 when none was.
     */
    public long lastIndexSynced() {
        return queue.lastIndexMSynced();
    }

    public long lastIndex() {
        long i = queue.lastIndex();
        return i < 0 ? -1 : i;
    }

    @Override
    public void close() {
        queue.close();
    }
}
