package jp.ami.mdms.reissue;

import static jp.ami.mdms.Fixtures.await;
import static jp.ami.mdms.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalAppender;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.Fixtures;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.MdmsServer;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long re-issuing a whole day (48 per-slot files and the per-day file, two retailers) takes at
 * {@code -Dreissue.points=N} points (default 10,000). A measurement, not part of the ordinary run:
 * {@code mvn -o -B -q -pl mdms -am verify -Dtest=ReissueDayTimingTest -Dreissue.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "reissue.bench", matches = "true")
class ReissueDayTimingTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    @TempDir
    Path dir;

    @Test
    void reissues_a_day_of_ten_thousand_points() throws Exception {
        int n = Integer.getInteger("reissue.points", 10_000);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Fixtures.masterRow(i, 10 + i, i % 2 == 0 ? "R0001" : "R0002", 30));
        }
        MdmsConfig config = Fixtures.serverConfig(dir, rows);
        long first = Slots.index(DAY, 1);
        long last = Slots.index(DAY, 48);
        try (Journal journal = Journal.open(config.journalDir()); JournalAppender appender = journal.appender()) {
            for (long s = first - 1; s <= last; s++) {
                ReadingBatch b = new ReadingBatch();
                for (int i = 0; i < n; i++) {
                    reading(b, 10 + i, Slots.endEpochSecond(s), 1000 + (s - first) * (1 + i % 7), 0x02, 1, 6);
                }
                appender.append(b);
            }
        }
        ManualClock clock = new ManualClock(Slots.start(first));
        try (MdmsServer server = new MdmsServer(config, clock)) {
            await("readings consumed", () -> server.stats().accepted() == (long) n * 49, Duration.ofMinutes(5));
            clock.set(server.engine().dueAt(last));
            await("day finalised", () -> server.stats().slotsFinalized() == 48, Duration.ofMinutes(5));
            assertThat(server.store().awaitVisible((long) n * 48, Duration.ofMinutes(5))).isTrue();
            for (int round = 1; round <= 3; round++) {
                long t0 = System.nanoTime();
                ReissueReport day = server.reissue(DAY, null, null);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(day.reissueIdentical()).isTrue();
                assertThat(day.identical()).isEqualTo(2 * 48 + 2);
                System.out.printf("reissue day: %d points, %d files identical, %d ms (round %d)%n", n, day.identical(), ms, round);
            }
        }
    }
}
