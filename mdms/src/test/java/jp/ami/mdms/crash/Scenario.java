package jp.ami.mdms.crash;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalAppender;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.Fixtures;
import jp.ami.model.Slots;

/**
 * A deterministic multi-slot journal for crash tests: {@code points} meters, boundaries from the start of slot
 * 44 of 2026-11-22 to the end of slot 3 of the next day (so slot 48 and the per-day file are inside), one
 * document per boundary and retailer half received 5 minutes after the boundary, and faults:
 * every 7th point misses one boundary that is re-collected 45 minutes late (a revision), every 11th point has a
 * two-hour gap closed by a reading 50 minutes late, every 13th point stops reporting after slot 46. Every 5th point
 * has PV and sends its export (0xEB) register too; every 10th misses it at two boundaries (an export gap, estimated),
 * one of which is re-collected later (an export revision).
 */
public final class Scenario {
    public static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    public static final long FIRST = Slots.index(DAY, 44);
    public static final long LAST = Slots.index(DAY.plusDays(1), 3);

    private Scenario() {
    }

    public static void writeMasterData(Path csv, int points) throws IOException {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            rows.add(Fixtures.masterRow(i, 1000 + i, i % 2 == 0 ? "R0001" : "R0002", 40));
        }
        Fixtures.writeMaster(csv, rows);
    }

    static long register(int i, long b) {
        // deterministic, varying consumption per point and boundary: 10–59 steps of 0.01 kWh per slot
        long reg = 500_000 + i * 37L;
        for (long k = FIRST - 1; k < b; k++) {
            reg += 10 + (i * 31 + k * 17) % 50;
        }
        return reg % 1_000_000;
    }

    /** The export (reverse-direction) register of PV point i at boundary b: 5–13 steps of 0.01 kWh per slot. */
    static long exportRegister(int i, long b) {
        return 200_000 + i * 13L + (b - FIRST + 1) * (5 + i % 9);
    }

    /** Writes the journal: returns the number of documents. */
    public static int writeJournal(Path dir, int points) {
        int docs = 0;
        try (Journal journal = Journal.open(dir); JournalAppender appender = journal.appender()) {
            ReadingBatch b = new ReadingBatch(points);
            for (long k = FIRST - 1; k <= LAST; k++) {
                long t = Slots.endEpochSecond(k);
                for (int half = 0; half < 2; half++) {
                    b.clear();
                    b.source(2, 100 + half); // two concentrators: the provenance in the value history
                    long received = (t + 300 + half * 60) * 1000;
                    for (int i = half; i < points; i += 2) {
                        boolean skip = (i % 7 == 0 && k == FIRST + 1 + (i % 3))
                                || (i % 11 == 0 && k >= FIRST + 2 && k < FIRST + 6)
                                || (i % 13 == 0 && k > FIRST + 2);
                        if (!skip) {
                            b.add(1000 + i, t, register(i, k), received, 1, 1, 0x02, 6, 1, 0, 0);
                        }
                        boolean exportGap = i % 10 == 0 && (k == FIRST + 2 || k == FIRST + 3);
                        if (i % 5 == 0 && !exportGap) {
                            b.add(1000 + i, t, exportRegister(i, k), received, 1, 2, 0x02, 6, 1, ReadingBatch.DIRECTION_REVERSE, 0);
                        }
                    }
                    if (!b.isEmpty()) {
                        appender.append(b);
                        docs++;
                    }
                }
                // re-collected readings of earlier boundaries, received 45–50 minutes after their boundary
                b.clear();
                b.source(2, 107);
                for (int i = 0; i < points; i++) {
                    long late = FIRST + 1 + (i % 3);
                    if (i % 7 == 0 && k == late + 2) {
                        b.add(1000 + i, Slots.endEpochSecond(late), register(i, late), (t + 900) * 1000, 1, 1, 0x02, 6, 1, 0, 1);
                    }
                    if (i % 10 == 0 && k == FIRST + 6) { // re-collect one boundary of the export gap
                        b.add(1000 + i, Slots.endEpochSecond(FIRST + 3), exportRegister(i, FIRST + 3), (t + 600) * 1000, 1, 2, 0x02,
                                6, 1, ReadingBatch.DIRECTION_REVERSE, 1);
                    }
                    if (i % 11 == 0 && k == FIRST + 7) {
                        // the gap FIRST+2 … FIRST+5 is closed by the (timely) reading at FIRST+6; re-collect one inside it
                        b.add(1000 + i, Slots.endEpochSecond(FIRST + 3), register(i, FIRST + 3), (t + 600) * 1000, 1, 1, 0x02, 6, 1, 0, 1);
                    }
                }
                if (!b.isEmpty()) {
                    appender.append(b);
                    docs++;
                }
            }
        }
        return docs;
    }
}
