package jp.ami.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jp.ami.hes.IngestPath;
import jp.ami.hes.SilentMeters;
import jp.ami.mdms.master.MasterData;
import jp.ami.model.OperatorCode;

/**
 * The operator's worklist, as {@code GET /api/worklist?slots=N} serves it (JSON; a contract of the dashboard page:
 * keys may be added, none renamed): the meters that have not reported for the last {@code slots} boundaries up to the
 * newest complete one ({@link SilentMeters}, from the head-end), each with its supply point and retailer from the
 * MDMS's master data. The head-end knows meters and routes, the MDMS supply points; the join is here, in the
 * composition root, so neither imports the other.
 *
 * @param referenceSlot the newest complete boundary's slot index, -1 none yet
 * @param reference     that slot as text, null none
 * @param slots         boundaries missed
 * @param total         meters that qualify ({@code rows} lists at most {@link #LIMIT})
 * @param rows          the meters
 */
public record Worklist(long referenceSlot, String reference, int slots, long total, List<Row> rows) {
    /** Most rows one answer lists. */
    public static final int LIMIT = 10_000;

    /**
     * @param supplyPoint the point the meter measures, null when the master data does not know the meter
     * @param retailer    who supplies that point at the reference slot, null likewise
     * @param lastSeen    the newest boundary the head-end journaled for the meter (ISO-8601), null never
     */
    public record Row(long meter, String supplyPoint, String retailer, String path, String source, String lastSeen) {
    }

    /** The worklist now: the head-end's scan (on its ingest thread), joined with the master data. */
    static CompletableFuture<Worklist> of(IngestPath ingest, MasterData master, int slots) {
        return ingest.silentMeters(slots, LIMIT).thenApply(silent -> join(silent, master));
    }

    static Worklist join(SilentMeters silent, MasterData master) {
        List<Row> rows = new ArrayList<>(silent.meters().size());
        for (SilentMeters.Meter m : silent.meters()) {
            int p = master.pointOfMeter(m.meter());
            String point = p < 0 ? null : master.registry().pointAt(p).value();
            OperatorCode retailer = p < 0 ? null : master.registry().retailerAt(p, Math.max(0, silent.referenceSlot()));
            rows.add(new Row(m.meter(), point, retailer == null ? null : retailer.value(), m.path(), m.source(), m.lastSeen()));
        }
        return new Worklist(silent.referenceSlot(), silent.reference(), silent.slots(), silent.total(), rows);
    }
}
