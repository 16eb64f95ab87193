package jp.ami.mdms;

import static jp.ami.mdms.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalAppender;
import jp.ami.journal.JournalTailer;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.store.HistoryRecord;
import jp.ami.mdms.store.QuestDbStore;
import jp.ami.mdms.values.Vee;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.CommPath;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal → engine → value history: the provenance of the closing reading of a measured value (source, path, journal
 * index of its document), and a gap closed later: the first issue and the revision are both kept, the revision with
 * the provenance of the reading that closed the gap.
 */
class ValueHistoryTest {
    @TempDir
    Path dir;

    @Test
    void first_issue_and_revision_of_a_closed_gap_are_both_kept_with_the_provenance_of_their_closing_reading() {
        long k = Fixtures.SLOT2;
        MasterData master = Fixtures.master(2, 1000);
        MdmsConfig config = Fixtures.config(dir);
        try (QuestDbStore store = new QuestDbStore(dir.resolve("questdb"), Fixtures.freePort(), Fixtures.freePort(),
                new String[]{"0", "1", "9", "1"});
             Journal journal = Journal.open(dir.resolve("journal")); JournalAppender appender = journal.appender();
             JournalTailer tailer = journal.tailerFromStart()) {
            SlotEngine engine = new SlotEngine(config, master, store, new SlotFileWriter(config), Outbox.open(dir.resolve("outbox")),
                    new ManualClock(Slots.end(k + 1).plus(config.cutoff())));
            ReadingBatch b = new ReadingBatch();
            b.source(CommPath.PLC.code(), 5); // opening readings of slot k, both meters
            reading(b, 1000, Slots.startEpochSecond(k), 100, 0x02, 40, 6);
            reading(b, 1001, Slots.startEpochSecond(k), 200, 0x02, 40, 6);
            appender.append(b);
            b.clear();
            b.source(CommPath.PLC.code(), 6); // closing reading of meter 1000 only: meter 1001 has a gap
            reading(b, 1000, Slots.endEpochSecond(k), 110, 0x02, 40, 6);
            long closing = appender.append(b);
            ReadingBatch in = new ReadingBatch();
            engine.openSlot(k);
            while (tailer.poll(in)) {
                engine.accept(in);
            }
            engine.finalizeSlot(k);
            b.clear();
            b.source(CommPath.WISUN.code(), 9); // the next boundary: closes meter 1001's gap
            reading(b, 1000, Slots.endEpochSecond(k + 1), 120, 0x02, 40, 6);
            reading(b, 1001, Slots.endEpochSecond(k + 1), 220, 0x02, 40, 6);
            long gapClosing = appender.append(b);
            while (tailer.poll(in)) {
                engine.accept(in);
            }
            engine.finalizeSlot(k + 1);
            String p0 = Fixtures.point(0).value();
            String p1 = Fixtures.point(1).value();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> store.historyCount() >= 5);
            Instant from = Slots.start(k);
            Instant to = Slots.end(k);
            List<HistoryRecord> measured = store.readHistory(p0, from, to);
            assertThat(measured).singleElement().satisfies(r -> {
                assertThat(r.valueUnits()).isEqualTo(40_000L); // 10 steps × 0.01 kWh × 40
                assertThat(r.rule()).isEqualTo("MEASURED");
                assertThat(r.sourcePath()).isEqualTo("plc");
                assertThat(r.sourceId()).isEqualTo(6L);
                assertThat(r.journalIndex()).isEqualTo(closing);
            });
            List<HistoryRecord> gap = store.readHistory(p1, from, to);
            assertThat(gap).extracting(HistoryRecord::revision).containsExactly(0, 1);
            assertThat(gap.get(0).flags() & Vee.GAP).isNotZero();
            assertThat(gap.get(0).journalIndex()).isNull(); // at the cut-off nothing had closed the gap yet
            HistoryRecord revised = gap.get(1);
            assertThat(revised.rule()).isNotEqualTo("MEASURED");
            assertThat(revised.valueUnits()).isPositive().isLessThan(80_000L); // part of the 20 steps over two slots
            assertThat(revised.sourcePath()).isEqualTo("wisun");
            assertThat(revised.sourceId()).isEqualTo(9L);
            assertThat(revised.journalIndex()).isEqualTo(gapClosing);
            // the current table holds the revision only
            assertThat(store.readPoint(p1, from, to)).singleElement().satisfies(v -> assertThat(v.revision()).isEqualTo(1));
        }
    }
}
