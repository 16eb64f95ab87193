package jp.ami.mdms.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;
import jp.ami.mdms.Fixtures;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ExportIndex;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record rows the writer emits as bytes are exactly what the XML writer itself writes, per slot and per day. */
class RecordBytesTest {
    @TempDir
    Path dir;

    @Test
    void record_rows_written_as_bytes_equal_the_xml_writers_own_output_per_slot_and_per_day() throws Exception {
        for (Charset cs : new Charset[] {StandardCharsets.UTF_8, Charset.forName("Shift_JIS")}) {
            MdmsConfig config = Fixtures.configBuilder(dir.resolve(cs.name())).encoding(cs).build();
            int n = 500;
            long slot = Fixtures.SLOT2;
            MasterData master = Fixtures.master(n);
            SlotValues values = new SlotValues(master);
            values.reset(slot, 0, n);
            Random rnd = new Random(3);
            LocalDate day = Slots.jstDate(slot);
            DayValues days = new DayValues(dir.resolve(cs.name()).resolve("days"), n);
            // every 7th point has PV: export values of every status, per slot and per day
            DayValues exportDays = new DayValues(dir.resolve(cs.name()).resolve("days-export"), n);
            ExportIndex pv = new ExportIndex(n);
            for (int p = 0; p < n; p += 7) {
                pv.add(p, slot);
            }
            values.resetExport(pv, pv.size());
            for (int p = 0; p < n; p++) {
                ValueStatus s = ValueStatus.values()[p % 3];
                long units = s == ValueStatus.MISSING ? 0 : rnd.nextInt(2_000_000);
                values.set(p, units, s, master.registry().retailerIndexAt(p, slot));
                for (int k = 1; k <= Slots.SLOTS_PER_DAY; k += 7) {
                    days.put(Slots.index(day, k), p, Vee.pack(units + k, s, 0));
                }
                int e = pv.of(p);
                if (e >= 0) {
                    ValueStatus xs = ValueStatus.values()[(p / 7) % 3];
                    long xu = xs == ValueStatus.MISSING ? 0 : rnd.nextInt(30_000);
                    values.setExport(e, Vee.pack(xu, xs, 0));
                    for (int k = 1; k <= Slots.SLOTS_PER_DAY; k += 5) {
                        exportDays.put(Slots.index(day, k), e, Vee.pack(xu + k, xs, 0));
                    }
                }
            }
            int[] points = master.registry().indexesInIdOrder();
            SlotFileWriter fast = new SlotFileWriter(config);
            SlotFileWriter plain = new SlotFileWriter(config);
            plain.recordsAsBytes = false;
            assertThat(fast.writesRecordsAsBytes()).isTrue();
            assertThat(plain.writesRecordsAsBytes()).isFalse();
            LocalDateTime createdAt = fast.createdAt(slot);
            for (OperatorCode r : master.registry().retailers()) {
                ByteArrayOutputStream a = new ByteArrayOutputStream();
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                fast.writeXml(values, r, points, 0, n, a);
                plain.writeXml(values, r, points, 0, n, b);
                assertThat(a.toString(cs)).as("per-slot XML of %s in %s", r, cs).isEqualTo(b.toString(cs)).contains("<JP06125>")
                        .contains("</JP06126><JP06127>");
                a.reset();
                b.reset();
                fast.writeZip(values, r, points, 0, n, 1, createdAt, a);
                plain.writeZip(values, r, points, 0, n, 1, createdAt, b);
                assertThat(a.toByteArray()).as("per-slot file of %s in %s", r, cs).isEqualTo(b.toByteArray());
                int ri = master.registry().retailers().indexOf(r);
                a.reset();
                b.reset();
                fast.writeDayZip(day, 0, 1, master, r, ri, points, 0, n, days, pv, exportDays, createdAt, a);
                plain.writeDayZip(day, 0, 1, master, r, ri, points, 0, n, days, pv, exportDays, createdAt, b);
                assertThat(a.toByteArray()).as("per-day file of %s in %s", r, cs).isEqualTo(b.toByteArray());
                assertThat(a.size()).isGreaterThan(1000);
            }
            days.close();
            exportDays.close();
        }
    }
}
