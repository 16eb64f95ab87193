package jp.ami.switching;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import jp.ami.model.ManualClock;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures journaling and start-up replay for N supply points switched through the full 廃止取次 path
 * (request, OK answer with an on-behalf stop, start, one matching batch): 3N + 1 journal documents.
 * Prints the figures; asserts the replayed state equals the original.
 */
class ReplayTimingTest {
    private static final int N = Integer.getInteger("switching.replay.points", 2_000);

    @TempDir
    Path dir;

    @Test
    void replay_rebuilds_n_switches_and_reports_its_time() {
        OperatorCode a = Fixture.A;
        OperatorCode b = Fixture.B;
        SupplyRegistry registry = new SupplyRegistry();
        SupplyPointId[] points = new SupplyPointId[N];
        for (int i = 0; i < N; i++) {
            points[i] = SupplyPointId.of(String.format("03%020d", i));
            registry.register(points[i], a);
        }
        ManualClock clock = new ManualClock(Fixture.START);
        LocalDate[] dates = new LocalDate[N]; // each point's next reading day: its group's
        for (int i = 0; i < N; i++) {
            dates[i] = Fixture.readingDayOf(points[i]);
        }
        SwitchingConfig config = SwitchingConfig.defaults(dir).withPollInterval(Duration.ZERO);
        String dump;
        long writeNanos;
        try (SwitchingJournal journal = SwitchingJournal.open(dir.resolve("j"))) {
            SwitchingService s = new SwitchingService(registry, clock, config, journal);
            s.start();
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                Application req = s.create(b, "r" + i, new Request.Brokering(points[i], dates[i], "K" + i, "name", "addr")).application();
                s.answer(a, req.id(), true, null);
                s.create(b, "s" + i, new Request.Dated(ApplicationType.SWITCH_START, points[i], dates[i]));
            }
            clock.set(Instant.parse("2026-11-22T01:20:00Z"));
            assertThat(s.tick()).isTrue();
            writeNanos = System.nanoTime() - t0;
            dump = s.dump();
            assertThat(s.events()).isEqualTo(3L * N + 1);
        }
        SupplyRegistry fresh = new SupplyRegistry();
        for (SupplyPointId p : points) {
            fresh.register(p, a);
        }
        try (SwitchingJournal journal = SwitchingJournal.open(dir.resolve("j"))) {
            SwitchingService again = new SwitchingService(fresh, clock, config, journal);
            long t0 = System.nanoTime();
            long docs = journal.replay(again::replay);
            long replayNanos = System.nanoTime() - t0;
            assertThat(docs).isEqualTo(3L * N + 1);
            assertThat(again.dump()).isEqualTo(dump);
            for (int i = 0; i < N; i += Math.max(1, N / 100)) {
                assertThat(fresh.retailerAt(i, Slots.index(dates[i], 1))).isEqualTo(b);
                assertThat(fresh.retailerAt(i, Slots.index(dates[i], 1) - 1)).isEqualTo(a);
            }
            System.out.printf("switching replay: %d points, %d documents; written+applied in %d ms, replayed in %d ms (%.0f documents/s)%n",
                    N, docs, writeNanos / 1_000_000, replayNanos / 1_000_000, docs * 1e9 / replayNanos);
        }
    }
}
