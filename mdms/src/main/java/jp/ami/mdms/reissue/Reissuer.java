package jp.ami.mdms.reissue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.outbox.OutboxFile;
import jp.ami.mdms.slots.FileOrder;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.Vee;
import jp.ami.mdms.xml.FileNames;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;

/**
 * Re-issue on demand: regenerates a finalised slot's (or a whole day's 48, and then its per-day W41120) files of one
 * retailer (or all)
 * from the values stored in QuestDB ({@link StoredRows}, never from the outbox), with the engine's writer, order and
 * split ({@link SlotFiles}, {@link DayFiles}), and compares each with the latest delivered revision in the outbox ({@link Delivered}):
 * <ul>
 *   <li>the regenerated XML entry is byte-identical (same revision, same created-at as delivered) → IDENTICAL,
 *       nothing written;</li>
 *   <li>the stored values differ from the latest delivered file → a NEW_REVISION: the slot's next revision number
 *       ({@link SlotEngine#reserveSlotRevision}, logged through {@link RevisionLog} first, so the engine never reuses
 *       it, not even after a restart), created-at = the clock's now (JST, to
 *       the second), all the retailer's files of the slot, its rows rewritten with that revision and written_at, and the
 *       engine's issued values ({@code days/}, within the revision horizon) updated so later engine revisions and
 *       per-day files carry them; the retailer's next list shows the new name;</li>
 *   <li>a file missing from the outbox (no file of the slot, or a split of the latest revision) → REPUBLISHED with the
 *       stored revision and created-at ({@code written_at}) or the latest revision's.</li>
 * </ul>
 * Runs on the engine thread only ({@code MdmsServer.reissue}), so it never races a tick.
 */
public final class Reissuer {
    private final MasterData master;
    private final ValueStore store;
    private final Outbox outbox;
    private final Clock clock;
    private final StoredRows rows;
    private final SlotFiles files;
    private final DayFiles dayFiles;
    private final SlotFileWriter writer;
    private final RevisionLog revisionLog;

    /**
     * Where the revision numbers a re-issue takes are logged before its files are published (the MDMS's engine log), so
     * a replay after a restart takes them again and the engine never reuses one.
     */
    public interface RevisionLog {
        void slot(long slotIndex, int revision);

        void day(long epochDay, int revision);
    }

    /**
     * @param connections a connection to the PG wire of the QuestDB holding {@code lv_30min}
     */
    public Reissuer(MdmsConfig config, MasterData master, ValueStore store, Outbox outbox, Clock clock,
                    StoredRowsConnections connections, RevisionLog revisionLog) {
        this.revisionLog = revisionLog;
        this.master = master;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.rows = new StoredRows(connections::connect, config, master);
        SlotFileWriter writer = new SlotFileWriter(config);
        FileOrder order = new FileOrder(master.registry());
        this.files = new SlotFiles(writer, order, config.recordsPerFile());
        this.dayFiles = new DayFiles(writer, order, master, config.recordsPerFile());
        this.writer = writer;
    }

    /** A connection to the store's PG wire (e.g. {@code QuestDbStore::connect}). */
    @FunctionalInterface
    public interface StoredRowsConnections {
        java.sql.Connection connect() throws java.sql.SQLException;
    }

    /**
     * Re-issues slot {@code slot} (1–48; null: all 48) of JST day {@code date} for {@code retailer} (null: every
     * retailer). Engine thread only.
     *
     * @throws IllegalArgumentException an unknown retailer, a bad slot number, or a slot not finalised yet
     */
    public ReissueReport reissue(SlotEngine engine, LocalDate date, Integer slot, String retailer) {
        var registry = master.registry();
        int only = -1;
        if (retailer != null) {
            only = registry.retailers().indexOf(OperatorCode.isValid(retailer) ? OperatorCode.of(retailer) : null);
            if (only < 0) {
                throw new IllegalArgumentException("unknown retailer: " + retailer);
            }
        }
        if (slot != null && (slot < 1 || slot > Slots.SLOTS_PER_DAY)) {
            throw new IllegalArgumentException("slot must be 1–48: " + slot);
        }
        long first = Slots.index(date, slot == null ? 1 : slot);
        long last = slot == null ? Slots.index(date, Slots.SLOTS_PER_DAY) : first;
        if (last >= engine.firstOpenSlot()) {
            throw new IllegalArgumentException("not finalised yet: " + date + (slot == null ? "" : " slot " + slot));
        }
        List<ReissueReport.FileOutcome> out = new ArrayList<>();
        StoredRows.Slot[] day = new StoredRows.Slot[(int) (last - first + 1)];
        for (long s = first; s <= last; s++) {
            StoredRows.Slot stored = rows.read(s);
            day[(int) (s - first)] = stored;
            for (int r = 0; r < registry.retailerCount(); r++) {
                if (only < 0 || r == only) {
                    reissue(engine, stored, r, out);
                }
            }
        }
        if (slot == null) {
            SlotFileWriter.DayEntries entries = DayFiles.entries(day);
            for (int r = 0; r < registry.retailerCount(); r++) {
                if (only < 0 || r == only) {
                    reissueDay(engine, date, entries, r, out);
                }
            }
        }
        int[] counts = new int[ReissueReport.Outcome.values().length];
        out.forEach(f -> counts[f.outcome().ordinal()]++);
        return new ReissueReport(date.toString(), slot, retailer, counts[0], counts[1], counts[2], List.copyOf(out));
    }

    private void reissue(SlotEngine engine, StoredRows.Slot stored, int r, List<ReissueReport.FileOutcome> out) {
        SlotValues v = stored.values();
        long s = v.slotIndex();
        OperatorCode code = master.registry().retailer(r);
        Delivered.Latest latest = Delivered.latest(outbox, code.value(), Delivered.stem(FileNames.perSlotZip(s, 0, 1)));
        if (latest.none()) {
            if (stored.has(r)) { // nothing delivered at all: publish what is stored, as it was issued
                Instant written = Instant.EPOCH.plus(stored.writtenMicros()[r], ChronoUnit.MICROS);
                for (SlotFiles.File f : files.of(v, r, code, stored.revision()[r], LocalDateTime.ofInstant(written, Slots.JST))) {
                    publish(code, f, ReissueReport.Outcome.REPUBLISHED, out);
                }
            }
            return;
        }
        byte[][] delivered = delivered(latest);
        LocalDateTime createdAt = Delivered.createdAt(delivered[latest.splits().firstKey()]);
        List<SlotFiles.File> again = files.of(v, r, code, latest.revision(), createdAt);
        if (!compare(again, delivered, latest, code, out)) {
            newRevision(engine, v, r, code, latest.revision(), out);
        }
    }

    /**
     * The per-day files of {@code date} for retailer {@code r}: compared with the latest delivered revision (its
     * created-at); none delivered → republished as revision 00 created at slot 48's cut-off (the first issue).
     */
    private void reissueDay(SlotEngine engine, LocalDate date, SlotFileWriter.DayEntries entries, int r,
                            List<ReissueReport.FileOutcome> out) {
        OperatorCode code = master.registry().retailer(r);
        Delivered.Latest latest = Delivered.latest(outbox, code.value(), Delivered.stem(FileNames.perDayZip(date, 0, 1)));
        if (latest.none()) {
            for (SlotFiles.File f : dayFiles.of(date, entries, r, code, 0, writer.createdAt(Slots.index(date, Slots.SLOTS_PER_DAY)))) {
                publish(code, f, ReissueReport.Outcome.REPUBLISHED, out);
            }
            return;
        }
        byte[][] delivered = delivered(latest);
        LocalDateTime createdAt = Delivered.createdAt(delivered[latest.splits().firstKey()]);
        List<SlotFiles.File> again = dayFiles.of(date, entries, r, code, latest.revision(), createdAt);
        if (!compare(again, delivered, latest, code, out)) {
            int rev = engine.reserveDayRevision(date.toEpochDay(), latest.revision() + 1);
            if (rev <= latest.revision()) {
                throw new IllegalStateException("per-day files of " + date + " of " + code + " are at revision 99: no further revision");
            }
            revisionLog.day(date.toEpochDay(), rev);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            for (SlotFiles.File f : dayFiles.of(date, entries, r, code, rev, LocalDateTime.ofInstant(now, Slots.JST))) {
                publish(code, f, ReissueReport.Outcome.NEW_REVISION, out);
            }
        }
    }

    private static byte[][] delivered(Delivered.Latest latest) {
        byte[][] delivered = new byte[latest.splits().lastKey() + 1][];
        latest.splits().forEach((split, f) -> delivered[split] = Delivered.bytes(f));
        return delivered;
    }

    /**
     * Compares regenerated files with the delivered splits of the latest revision. False when any entry differs or a
     * delivered split has no regenerated counterpart (a new revision is due; nothing recorded); else records each as
     * identical or republishes the missing splits, and returns true.
     */
    private boolean compare(List<SlotFiles.File> again, byte[][] delivered, Delivered.Latest latest, OperatorCode code,
                            List<ReissueReport.FileOutcome> out) {
        if (again.size() < latest.splits().lastKey()) {
            return false;
        }
        for (int i = 0; i < again.size(); i++) {
            byte[] d = i + 1 < delivered.length ? delivered[i + 1] : null;
            if (d != null && !Arrays.equals(Delivered.entry(again.get(i).zip()), Delivered.entry(d))) {
                return false;
            }
        }
        for (int i = 0; i < again.size(); i++) {
            byte[] d = i + 1 < delivered.length ? delivered[i + 1] : null;
            if (d == null) {
                publish(code, again.get(i), ReissueReport.Outcome.REPUBLISHED, out);
            } else {
                out.add(new ReissueReport.FileOutcome(code.value(), again.get(i).name(), ReissueReport.Outcome.IDENTICAL,
                        Arrays.equals(again.get(i).zip(), d)));
            }
        }
        return true;
    }

    private void newRevision(SlotEngine engine, SlotValues v, int r, OperatorCode code, int delivered,
                             List<ReissueReport.FileOutcome> out) {
        long s = v.slotIndex();
        int rev = engine.reserveSlotRevision(s, delivered + 1);
        if (rev <= delivered) {
            throw new IllegalStateException("slot " + s + " of " + code + " is at revision 99: no further revision");
        }
        revisionLog.slot(s, rev);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<SlotFiles.File> next = files.of(v, r, code, rev, LocalDateTime.ofInstant(now, Slots.JST));
        int n = v.count();
        int[] points = new int[n];
        int m = 0;
        for (int p = 0; p < n; p++) {
            if (v.retailer(p) == r) {
                points[m++] = p;
            }
        }
        store.write(v, points, m, now);
        if (s >= engine.firstOpenSlot() - SlotEngine.REVISION_HORIZON_SLOTS) {
            adopt(engine, v, points, m);
        }
        for (SlotFiles.File f : next) {
            publish(code, f, ReissueReport.Outcome.NEW_REVISION, out);
        }
    }

    /** Puts the re-issued values into the engine's issued values (keeping each entry's method when only that differs). */
    private static void adopt(SlotEngine engine, SlotValues v, int[] points, int m) {
        long s = v.slotIndex();
        for (int i = 0; i < m; i++) {
            int p = points[i];
            long old = engine.days().get(s, p);
            Vee.Method method = Vee.isSet(old) ? Vee.method(old) : Vee.Method.MEASURED;
            long now = Vee.pack(v.isMissing(p) ? 0 : v.units(p), v.status(p), v.flags(p), method);
            if (now != old) {
                engine.days().put(s, p, now);
            }
        }
    }

    private void publish(OperatorCode code, SlotFiles.File f, ReissueReport.Outcome outcome, List<ReissueReport.FileOutcome> out) {
        try {
            outbox.publish(code, f.name(), o -> o.write(f.zip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + f.name() + " for " + code, e);
        }
        out.add(new ReissueReport.FileOutcome(code.value(), f.name(), outcome, false));
    }
}
