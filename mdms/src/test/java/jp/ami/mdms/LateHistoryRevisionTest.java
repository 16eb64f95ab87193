package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.store.StoredValue;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late history readings after the cut-off: point 2's meter is silent for a whole evening (boundaries 19:00 … 23:30
 * missing at every cut-off, so its values are issued as cut-off estimates and, once 24:00 arrives, as a shaped gap).
 * At 02:00 the next day the head-end's bulk pull journals the missing readings from the meter's 0xE2 history
 * (flags re-collected | history). Every affected slot is re-issued with a higher revision holding the measured value,
 * and the point's day sum equals its register difference over the day.
 */
class LateHistoryRevisionTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    static final long FIRST = Slots.index(DAY, 1);
    /** Slots whose closing boundary is lost: 38 (ends 19:00) … 47 (ends 23:30). */
    static final long GAP_FIRST = Slots.index(DAY, 38);
    static final long GAP_LAST = Slots.index(DAY, 47);
    /** The pull's tick: slot 5 of the next day (02:00–02:30). */
    static final long PULL = Slots.index(DAY.plusDays(1), 5);
    static final int UNITS_PER_STEP = 100; // unit code 0x02: 0.01 kWh = 100 × 0.0001 kWh

    @TempDir
    Path dir;

    /** Point i's register at the end of slot b: an uneven evening load, so a shaped estimate differs from it. */
    static long reg(int i, long b) {
        long r = 1000 + i * 100L;
        for (long x = FIRST; x <= b; x++) {
            r += 2 + i + (x * 7) % 5 + (Slots.number(x) >= 38 ? 9 * (x % 2) : 0);
        }
        return r;
    }

    static boolean lost(int i, long b) {
        return i == 2 && b >= GAP_FIRST && b <= GAP_LAST;
    }

    @Test
    void late_history_readings_revise_the_cutoff_estimates_to_measured_values_whose_day_sum_is_the_register_difference() {
        MemoryStore store = new MemoryStore();
        SlotEngine engine = engine(store);
        engine.expectSlots(FIRST, PULL);
        int[] before = new int[(int) (GAP_LAST - GAP_FIRST + 2)];
        for (long b = FIRST - 1; b <= PULL; b++) {
            long t = Slots.endEpochSecond(b);
            engine.finalizeDue(Instant.ofEpochSecond(t + 300));
            ReadingBatch batch = new ReadingBatch();
            for (int i = 0; i < 5; i++) {
                if (!lost(i, b)) {
                    batch.add(1000 + i, t, reg(i, b), (t + 300) * 1000, 1, 1, 0x02, 6, 1, 0, 0);
                }
            }
            if (b == PULL) {
                for (long s = GAP_FIRST; s <= GAP_LAST + 1; s++) {
                    before[(int) (s - GAP_FIRST)] = engine.revision(s);
                    StoredValue v = value(store, s);
                    assertThat(v.status()).as("slot %d before the pull", Slots.number(s)).isNotEqualTo("0");
                }
                long revisedBefore = engine.stats().revisedLater();
                assertThat(engine.stats().estimatedAtCutoff()).isPositive();
                // the bulk pull's answers: re-collected | history, received at 02:00+
                for (long s = GAP_FIRST; s <= GAP_LAST; s++) {
                    batch.add(1002, Slots.endEpochSecond(s), reg(2, s), (t + 300) * 1000, 1, 900 + s, 0x02, 6, 1, 0,
                            ReadingBatch.FLAG_RECOLLECTED | ReadingBatch.FLAG_HISTORY);
                }
                engine.accept(batch);
                engine.finalizeDue(Instant.ofEpochSecond(t + 1200));
                assertThat(engine.stats().revisedLater()).isGreaterThanOrEqualTo(revisedBefore);
                continue;
            }
            engine.accept(batch);
        }
        engine.finalizeDue(Slots.end(PULL).plusSeconds(3600));

        for (long s = GAP_FIRST; s <= GAP_LAST + 1; s++) {
            StoredValue v = value(store, s);
            assertThat(engine.revision(s)).as("slot %d re-issued", Slots.number(s)).isGreaterThan(before[(int) (s - GAP_FIRST)]);
            assertThat(v.revision()).isEqualTo(engine.revision(s));
            assertThat(v.status()).as("slot %d measured", Slots.number(s)).isEqualTo("0");
            assertThat(v.valueUnits()).isEqualTo((reg(2, s) - reg(2, s - 1)) * UNITS_PER_STEP);
        }
        long daySum = 0;
        for (long s = FIRST; s < FIRST + 48; s++) {
            daySum += value(store, s).valueUnits();
        }
        assertThat(daySum).isEqualTo((reg(2, FIRST + 47) - reg(2, FIRST - 1)) * UNITS_PER_STEP);
    }

    @Test
    void a_missing_opening_reading_that_arrives_late_revises_the_slot_to_its_measured_value() {
        // point 3: its opening reading (the boundary before the first slot) is lost, its closing one arrives;
        // point 4: both readings of the first slot are lost, its meter is heard again from the second slot's end
        MemoryStore store = new MemoryStore();
        SlotEngine engine = engine(store);
        long last = FIRST + 4;
        engine.expectSlots(FIRST, last);
        Fixtures.feedBoundaries(engine, FIRST - 1, last, (b, t, batch) -> {
            for (int i = 0; i < 5; i++) {
                boolean lost = (i == 3 && b == FIRST - 1) || (i == 4 && b <= FIRST);
                if (!lost) {
                    batch.add(1000 + i, t, reg(i, b), (t + 300) * 1000, 1, 1 + b - FIRST, 0x02, 6, 1, 0, 0);
                }
            }
        });
        engine.finalizeDue(Slots.end(last).plusSeconds(1200));
        assertThat(value(store, FIRST, 3).status()).as("no opening reading: estimated at the cut-off").isEqualTo("2");
        assertThat(value(store, FIRST, 4).status()).as("heard after the slot: estimated in a revision").isEqualTo("2");
        assertThat(value(store, FIRST + 1, 4).status()).isEqualTo("2");
        long estimated = engine.stats().estimatedAtCutoff();
        assertThat(estimated).isEqualTo(3);
        int revisionBefore = engine.revision(FIRST);

        // the next day's bulk pull brings the lost readings
        ReadingBatch late = new ReadingBatch();
        long received = (Slots.endEpochSecond(last) + 1800) * 1000;
        late.add(1003, Slots.endEpochSecond(FIRST - 1), reg(3, FIRST - 1), received, 1, 900, 0x02, 6, 1, 0,
                ReadingBatch.FLAG_RECOLLECTED | ReadingBatch.FLAG_HISTORY);
        for (long b = FIRST - 1; b <= FIRST; b++) {
            late.add(1004, Slots.endEpochSecond(b), reg(4, b), received, 1, 900 + b - FIRST, 0x02, 6, 1, 0,
                    ReadingBatch.FLAG_RECOLLECTED | ReadingBatch.FLAG_HISTORY);
        }
        long next = last + 1;
        for (int i = 0; i < 5; i++) {
            late.add(1000 + i, Slots.endEpochSecond(next), reg(i, next), received, 1, 1 + next - FIRST, 0x02, 6, 1, 0, 0);
        }
        engine.accept(late);
        engine.finalizeDue(Slots.end(next).plusSeconds(1200)); // the next tick issues the revisions

        assertThat(engine.revision(FIRST)).isGreaterThan(revisionBefore);
        for (int i : new int[]{3, 4}) {
            for (long s = FIRST; s <= (i == 4 ? FIRST + 1 : FIRST); s++) {
                StoredValue v = value(store, s, i);
                assertThat(v.status()).as("point %d slot %d measured", i, Slots.number(s)).isEqualTo("0");
                assertThat(v.valueUnits()).isEqualTo((reg(i, s) - reg(i, s - 1)) * UNITS_PER_STEP);
                assertThat(v.revision()).isEqualTo(engine.revision(s)).isPositive();
            }
        }
        assertThat(engine.stats().revisedLater()).isEqualTo(estimated);
        assertThat(engine.stats().missing()).isZero();
    }

    /** An engine over 5 points of 60 A, writing to {@code store}. */
    private SlotEngine engine(MemoryStore store) {
        MdmsConfig config = Fixtures.configBuilder(dir).build();
        return new SlotEngine(config, Fixtures.master(5, 60), store, new SlotFileWriter(config), Outbox.open(config.outboxDir()),
                new ManualClock(Instant.parse("2026-11-22T00:00:00Z")));
    }

    static StoredValue value(MemoryStore store, long slot) {
        return value(store, slot, 2);
    }

    static StoredValue value(MemoryStore store, long slot, int point) {
        return store.read(slot).stream().filter(v -> v.supplyPointId().equals(Fixtures.point(point).value())).findFirst()
                .orElseThrow();
    }
}
