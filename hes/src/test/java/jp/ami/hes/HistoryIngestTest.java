package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalTailer;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.CommPath;
import jp.ami.model.ManualClock;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.echonet.EchonetLite;
import jp.ami.protocol.echonet.HistoryDay;
import jp.ami.protocol.echonet.HistoryDayCodec;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.recollect.RecollectRequest;
import jp.ami.service.testing.Closeables;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk history answers (0xE2) through the real ingest path and journal, and the bulk puller's schedule and pacing,
 * on a hand-driven clock: the day D of the fixture (2026-11-22 JST), pulled on D + 1.
 */
class HistoryIngestTest {
    static final long DAY = MissingHistory.dayStart(Frames.READING_EPOCH);
    static final long NEXT_DAY = DAY + 86_400;

    @TempDir
    Path dir;

    final ManualClock clock = ManualClock.atEpochSecond(NEXT_DAY + 2 * 3600 + 60);
    final EnvelopeSealer sealer = new EnvelopeSealer(Frames.KEYS);
    final RecordingSender sender = RecordingSender.twoConcentrators();
    Journal journal;
    IngestPath ingest;
    BulkPuller puller;

    @AfterEach
    void tearDown() throws Exception {
        Closeables.closeAll(puller, ingest, journal);
    }

    void start() {
        journal = Journal.open(dir.resolve("journal"));
        ingest = new IngestPath(MeterDirectory.range(1000, 3, 3), Frames.KEYS, journal, clock, new IngestStats(), 64, 16);
    }

    void onIngest(Runnable r) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        assertThat(ingest.runOnIngestThread(() -> {
            r.run();
            done.complete(null);
        })).isTrue();
        done.join();
    }

    /** A day history of {@code DAY} from the meter: register 5000 + 3k at boundary k, "no data" at {@code noData}. */
    byte[] history(long meter, long counter, int noData) {
        HistoryDay h = new HistoryDay().set((int) counter, NEXT_DAY, 1, 1, 6, 0x02);
        for (int k = 0; k < 48; k++) {
            h.value(k, k == noData ? EchonetLite.HISTORY_NO_DATA : 5000 + 3L * k);
        }
        ByteBuffer b = ByteBuffer.allocate(HistoryDayCodec.FRAME_LENGTH);
        HistoryDayCodec.encode(h, b);
        return sealer.seal(meter, counter, java.util.Arrays.copyOf(b.array(), b.position()));
    }

    AckFrame ingest(long seq, byte[]... envelopes) {
        return ingest.ingest(ByteBuffer.wrap(Frames.batch(CommPath.PLC, seq, List.of(envelopes))), Transport.TCP);
    }

    List<long[]> journalRecords() {
        List<long[]> out = new ArrayList<>();
        ReadingBatch b = new ReadingBatch();
        try (JournalTailer t = journal.tailerFromStart()) {
            while (t.poll(b)) {
                for (int i = 0; i < b.size(); i++) {
                    out.add(new long[] {b.meterId(i), b.readingEpochSecond(i), b.register(i), b.flags(i)});
                }
            }
        }
        return out;
    }

    @Test
    void an_answer_journals_only_the_boundaries_still_missing_once_and_a_tampered_or_malformed_one_is_rejected_and_counted() {
        start();
        onIngest(() -> {
            for (int k : new int[] {20, 21, 22}) {
                ingest.missingHistory().missed(1000, DAY + 1800L * k);
            }
        });

        AckFrame ack = ingest(1, history(1000, 50, 22));
        assertThat(ack.accepted()).isEqualTo(2);
        List<long[]> records = journalRecords();
        assertThat(records).hasSize(2);
        assertThat(records.get(0)).containsExactly(1000, DAY + 1800 * 20, 5060, ReadingBatch.FLAG_RECOLLECTED | ReadingBatch.FLAG_HISTORY);
        assertThat(records.get(1)).containsExactly(1000, DAY + 1800 * 21, 5063, 3);
        assertThat(ingest.stats().bulkPull().readingsFilled()).isEqualTo(2);
        assertThat(ingest.stats().bulkPull().answeredNoData()).isEqualTo(1);

        // a second answer (new counter) and a replay of the first copy nothing again
        assertThat(ingest(2, history(1000, 51, 22), history(1000, 50, 22)).accepted()).isZero();
        assertThat(journalRecords()).hasSize(2);
        assertThat(ingest.stats().bulkPull().readingsFilled()).isEqualTo(2);
        // the boundary it had no data for stays missing: a later answer with data fills just that one
        assertThat(ingest(6, history(1000, 52, -1)).accepted()).isEqualTo(1);
        assertThat(journalRecords().get(2)).containsExactly(1000, DAY + 1800 * 22, 5066, 3);

        // tampered: the tag fails; unknown meter: refused before any crypto
        onIngest(() -> ingest.missingHistory().missed(1001, DAY + 1800L * 5));
        assertThat(ingest(3, Frames.tamperTag(history(1001, 60, -1)), history(4000, 1, -1)).rejected()).isEqualTo(2);
        assertThat(ingest.stats().rejected(RejectReason.BAD_TAG)).isEqualTo(1);
        assertThat(ingest.stats().rejected(RejectReason.UNKNOWN_METER)).isEqualTo(1);

        // authentic but 0xE2 four bytes short: a specific reason, counted; the boundary stays missing
        byte[] plain = new byte[HistoryDayCodec.FRAME_LENGTH];
        ByteBuffer b = ByteBuffer.wrap(plain);
        HistoryDay h = new HistoryDay().set(61, NEXT_DAY, 1, 1, 6, 0x02);
        HistoryDayCodec.encode(h, b);
        ByteBuffer shortPdc = ByteBuffer.allocate(plain.length - 4);
        shortPdc.put(plain, 0, 18).put((byte) 0xE2).put((byte) 190).put(plain, 20, 190).put(plain, 214, plain.length - 214);
        assertThat(ingest(4, sealer.seal(1001, 61, shortPdc.array())).rejected()).isEqualTo(1);
        assertThat(ingest.stats().rejected(RejectReason.BAD_HISTORY)).isEqualTo(1);
        assertThat(ingest.stats().bulkPull().rejected()).isEqualTo(1);
        long[] mask = new long[1];
        onIngest(() -> mask[0] = ingest.missingHistory().mask(1001, DAY));
        assertThat(mask[0]).isEqualTo(1L << 5);
        assertThat(journalRecords()).hasSize(3);

        // the real answer fills it
        assertThat(ingest(5, history(1001, 62, -1)).accepted()).isEqualTo(1);
        assertThat(journalRecords().get(3)).containsExactly(1001, DAY + 1800 * 5, 5015, 3);
    }

    @Test
    void the_pull_waits_for_its_hour_asks_only_past_days_and_is_paced_on_the_clock() {
        clock.setEpochSecond(NEXT_DAY + 3600); // 01:00 JST on D + 1
        start();
        onIngest(() -> {
            ingest.missingHistory().missed(1000, DAY + 1800L * 40);
            ingest.missingHistory().missed(1001, DAY + 1800L * 47);
            ingest.missingHistory().missed(1002, NEXT_DAY); // today's: next night
        });
        puller = new BulkPuller(ingest, clock, LocalTime.of(2, 0), 1, Map.of(CommPath.PLC, sender), Duration.ofMillis(5));
        Awaitility.await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> sender.sent.isEmpty());

        clock.setEpochSecond(NEXT_DAY + 2 * 3600);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(puller::pulling);
        // 1 meter per second: nothing until a second of clock time has passed, then one meter-day per second
        Awaitility.await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> sender.sent.isEmpty());
        clock.advance(Duration.ofSeconds(1));
        // never heard from: asked through both sources of the fake transport
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sender.sent.size() == 2);
        Awaitility.await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> sender.sent.size() == 2);
        clock.advance(Duration.ofSeconds(1));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sender.sent.size() == 4 && !puller.pulling());
        for (RecollectRequest r : sender.sent) {
            assertThat(r.history()).isTrue();
            assertThat(r.count()).isEqualTo(1);
            assertThat(r.boundaryEpochSeconds()[0]).isEqualTo(DAY);
        }
        assertThat(sender.sent.stream().map(r -> r.meterIds()[0]).distinct()).containsExactly(1000L, 1001L);
        assertThat(ingest.stats().bulkPull().metersAsked()).isEqualTo(2);
        assertThat(ingest.stats().bulkPull().requests()).isEqualTo(4);

        // once a day: later polls the same day ask nothing more
        clock.advance(Duration.ofHours(1));
        Awaitility.await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> sender.sent.size() == 4);
    }
}
