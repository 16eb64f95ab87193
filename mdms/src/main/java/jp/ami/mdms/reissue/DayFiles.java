package jp.ami.mdms.reissue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.slots.FileOrder;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.Vee;
import jp.ami.mdms.xml.FileNames;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;

/**
 * Regenerates one retailer's per-day files (W41120) of a JST day in memory from the stored values of its 48 slots,
 * as the engine's publisher writes them: the points the retailer supplies in any slot of the day (supply registry),
 * in the engine's {@link FileOrder}, split every {@code recordsPerFile} points, by the same {@link SlotFileWriter}.
 */
record DayFiles(SlotFileWriter writer, FileOrder order, MasterData master, int recordsPerFile) {
    /** The stored values of a day's 48 slots as the writer reads them. */
    static SlotFileWriter.DayEntries entries(StoredRows.Slot[] day) {
        long first = day[0].values().slotIndex();
        return new SlotFileWriter.DayEntries() {
            @Override
            public long packed(long slotIndex, int point) {
                StoredRows.Slot s = day[(int) (slotIndex - first)];
                SlotValues v = s.values();
                return s.present()[point] ? Vee.pack(v.isMissing(point) ? 0 : v.units(point), v.status(point), v.flags(point)) : 0;
            }

            @Override
            public long exportPacked(long slotIndex, int point) {
                return day[(int) (slotIndex - first)].values().exportPacked(point);
            }
        };
    }

    /** The files of retailer {@code r} for {@code date} as revision {@code revision}, created at {@code createdAt}. */
    List<SlotFiles.File> of(LocalDate date, SlotFileWriter.DayEntries entries, int r, OperatorCode retailer, int revision,
                            LocalDateTime createdAt) {
        var registry = master.registry();
        int n = registry.size();
        int[] ordered = order.points(n);
        long first = Slots.index(date, 1);
        int[] points = FileOrder.ofRetailerOnDay(registry, ordered, n, r, first);
        int m = points.length;
        List<SlotFiles.File> out = new ArrayList<>();
        int split = 1;
        for (int from = 0; from < m; from += recordsPerFile, split++) {
            ByteArrayOutputStream zip = new ByteArrayOutputStream(256 * 1024);
            try {
                writer.writeDayZip(date, revision, split, master, retailer, r, points, from, Math.min(m, from + recordsPerFile),
                        entries, createdAt, zip);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot regenerate the per-day file of " + date + " for " + retailer, e);
            }
            out.add(new SlotFiles.File(FileNames.perDayZip(date, revision, split), zip.toByteArray()));
        }
        return out;
    }
}
