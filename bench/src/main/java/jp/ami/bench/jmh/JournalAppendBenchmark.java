package jp.ami.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalAppender;
import jp.ami.journal.JournalSync;
import jp.ami.journal.ReadingBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appending a concentrator batch of 500 reading records to the Chronicle journal (one document); score per record.
 * {@code sync}: the journal's {@link JournalSync} — {@code none} (in the mapped file) or {@code batch} (msynced before
 * the append returns, i.e. before the head-end's ack).
 */
public class JournalAppendBenchmark extends ThroughputBenchmark {
    static final int BATCH = 500;
    @Param({"none", "batch"})
    public String sync;
    private Path dir;
    private Journal journal;
    private JournalAppender appender;
    private final ReadingBatch batch = new ReadingBatch(BATCH);

    @Setup
    public void open() throws IOException {
        dir = Files.createTempDirectory("jmh-journal");
        journal = Journal.open(dir, JournalSync.parse(sync));
        appender = journal.appender();
        for (int i = 0; i < BATCH; i++) {
            batch.add(1_000_000_001L + i, 1_795_276_800L, 12_345 + i, 1_795_276_860_000L, 1, 7, 0x02, 8, 1, 0, 0);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long append() {
        return appender.append(batch);
    }

    @TearDown
    public void close() throws IOException {
        appender.close();
        journal.close();
        jp.ami.bench.BenchFiles.deleteRecursively(dir);
    }
}
