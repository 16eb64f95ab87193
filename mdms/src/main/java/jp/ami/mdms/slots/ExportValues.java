package jp.ami.mdms.slots;

import jp.ami.mdms.usage.ExportSource;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ExportIndex;

/**
 * The issued export (PV) values by supply point ({@link SlotEngine#exportPacked}), and as the confirmed usage reads
 * them: their day files mapped ahead of the reads.
 */
final class ExportValues implements ExportSource {
    private final ExportIndex exportIndex;
    private final DayValues exportDays;

    ExportValues(ExportIndex exportIndex, DayValues exportDays) {
        this.exportIndex = exportIndex;
        this.exportDays = exportDays;
    }

    @Override
    public long packed(long slotIndex, int point) {
        int e = exportIndex.of(point);
        return e < 0 ? 0 : exportDays.get(slotIndex, e);
    }

    @Override
    public void prepare(long fromSlot, long toSlot) {
        if (exportIndex.size() > 0) {
            for (long s = fromSlot; s < toSlot; s++) {
                exportDays.get(s, 0);
            }
        }
    }
}
