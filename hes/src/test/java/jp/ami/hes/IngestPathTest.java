package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.ami.journal.Journal;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The ingest path without a transport: back-pressure and journal failure. */
class IngestPathTest {
    @TempDir
    Path dir;

    final Frames frames = new Frames();

    /** A clock whose first reading blocks until released: holds the ingest thread inside a batch. */
    static final class GateClock extends Clock {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public long millis() {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    ByteBuffer batch(long seq, long meter, long counter) {
        return ByteBuffer.wrap(Frames.batch(CommPath.PLC, seq, List.of(frames.envelope(meter, counter))));
    }

    @Test
    void answers_overloaded_retry_when_the_queue_is_full() throws Exception {
        GateClock clock = new GateClock();
        try (Journal journal = Journal.open(dir);
             IngestPath ingest = new IngestPath(MeterDirectory.range(1, 10), Frames.KEYS, journal, clock,
                     new IngestStats(), 1, 16)) {
            CompletableFuture<AckFrame> first = ingest.submit(batch(1, 1, 1), Transport.TCP);
            assertThat(clock.entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<AckFrame> queued = ingest.submit(batch(2, 2, 1), Transport.TCP);
            CompletableFuture<AckFrame> refused = ingest.submit(batch(3, 3, 1), Transport.TCP);
            assertThat(refused).isCompletedWithValue(AckFrame.overloaded(3));
            clock.release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(AckFrame.journaled(1, 1, 0, 0));
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(AckFrame.journaled(2, 1, 0, 0));
            assertThat(ingest.stats().snapshot().overloadedBatches()).isEqualTo(1);
            // the refused batch was not journaled, so its resend is accepted
            assertThat(ingest.ingest(batch(3, 3, 1), Transport.TCP)).isEqualTo(AckFrame.journaled(3, 1, 0, 0));
        }
    }

    @Test
    void answers_overloaded_retry_when_the_journal_fails() {
        Journal journal = Journal.open(dir);
        try (IngestPath ingest = new IngestPath(MeterDirectory.range(1, 10), Frames.KEYS, journal, Frames.clock())) {
            assertThat(ingest.ingest(batch(1, 1, 1), Transport.COAP).status()).isEqualTo(AckStatus.JOURNALED);
            journal.close();
            assertThat(ingest.ingest(batch(2, 1, 2), Transport.COAP)).isEqualTo(AckFrame.overloaded(2));
            assertThat(ingest.stats().framesJournaled(CommPath.PLC)).isEqualTo(1);
        } finally {
            journal.close();
        }
    }

    @Test
    void command_prints_help_and_refuses_a_missing_key() {
        assertThat(new CommandLine(new HesCommand()).execute("--help")).isZero();
        assertThat(new CommandLine(new HesCommand()).execute("--journal", dir.toString())).isEqualTo(2);
    }
}
