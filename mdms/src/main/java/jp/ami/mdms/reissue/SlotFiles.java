package jp.ami.mdms.reissue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import jp.ami.mdms.slots.FileOrder;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.xml.FileNames;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.OperatorCode;

/**
 * Regenerates one retailer's per-slot files (W41110) of a slot in memory, exactly as the engine's publisher writes
 * them: the retailer's points in the engine's {@link FileOrder} (supply-point-ID order), split every
 * {@code recordsPerFile} points, written by the same {@link SlotFileWriter}.
 */
record SlotFiles(SlotFileWriter writer, FileOrder order, int recordsPerFile) {
    /** One regenerated file: its name and the ZIP's bytes. */
    record File(String name, byte[] zip) {
    }

    /** The files of retailer {@code r} in {@code v} as revision {@code revision}, created at {@code createdAt} (JST). */
    List<File> of(SlotValues v, int r, OperatorCode retailer, int revision, LocalDateTime createdAt) {
        int n = v.count();
        int[] ordered = order.points(n);
        int[] mine = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (v.retailer(ordered[i]) == r) {
                mine[m++] = ordered[i];
            }
        }
        v.revision(revision);
        List<File> out = new ArrayList<>();
        int split = 1;
        for (int from = 0; from < m; from += recordsPerFile, split++) {
            ByteArrayOutputStream zip = new ByteArrayOutputStream(64 * 1024);
            try {
                writer.writeZip(v, retailer, mine, from, Math.min(m, from + recordsPerFile), split, createdAt, zip);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot regenerate slot " + v.slotIndex() + " for " + retailer, e);
            }
            out.add(new File(FileNames.perSlotZip(v.slotIndex(), revision, split), zip.toByteArray()));
        }
        return out;
    }
}
