package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.store.StoredValue;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.values.ExportIndex;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;

/** The write / read / DEDUP / revision-upsert checks every {@link ValueStore} must pass (embedded and external). */
final class StoreContract {
    private StoreContract() {
    }

    static void check(ValueStore store, long slot) {
        check(store, slot, slot + 1);
    }

    /** {@code marker}: a slot never written before, written last to prove the earlier transactions were applied. */
    static void check(ValueStore store, long slot, long marker) {
        MasterData master = Fixtures.master(5);
        SlotValues v = new SlotValues(master);
        v.reset(slot, 0, 5);
        for (int k = 0; k < 5; k++) { // point number k (dense indexes run the other way)
            int p = master.registry().indexOf(Fixtures.point(k));
            if (k == 3) {
                v.set(p, 0, ValueStatus.MISSING, 0, Vee.GAP);
            } else {
                v.set(p, 1000L * (k + 1), k == 4 ? ValueStatus.ESTIMATED : ValueStatus.PRESENT, master.registry().retailerIndexAt(p, slot));
            }
        }
        // export values: point 0 has PV (present), point 4 too (missing); the others have none
        ExportIndex pv = new ExportIndex(5);
        int e0 = pv.add(master.registry().indexOf(Fixtures.point(0)), slot);
        int e4 = pv.add(master.registry().indexOf(Fixtures.point(4)), slot);
        v.resetExport(pv, 2);
        v.setExport(e0, Vee.pack(420, ValueStatus.PRESENT, 0));
        v.setExport(e4, Vee.pack(0, ValueStatus.MISSING, Vee.GAP));
        // provenance of point 0's closing reading, and an operator correction of point 1
        int p0 = master.registry().indexOf(Fixtures.point(0));
        int p1 = master.registry().indexOf(Fixtures.point(1));
        v.provenance(p0, jp.ami.model.CommPath.PLC.code(), 0xFFFF_FFF0L, 0xFFFF_FFFEL, 0x1_0000_0005L);
        v.set(p1, 2000, ValueStatus.PRESENT, master.registry().retailerIndexAt(p1, slot), Vee.CORRECTED, Vee.Method.OPERATOR);
        v.correction(p1, 42, "A0001", "meter read on site");
        Instant at = Instant.parse("2026-11-22T00:20:00Z");
        store.write(v, at);
        store.write(v, at); // replay: DEDUP keeps one row per (slot_end, supply_point)
        // revision 1 of point 3: the gap was closed
        v.revision(1);
        int p3 = master.registry().indexOf(Fixtures.point(3));
        int p4 = master.registry().indexOf(Fixtures.point(4));
        v.set(p3, 777, ValueStatus.ESTIMATED, master.registry().retailerIndexAt(p3, slot), Vee.GAP, Vee.Method.LINEAR);
        v.provenance(p3, jp.ami.model.CommPath.WISUN.code(), 7, 99, 12);
        store.write(v, new int[]{p3}, 1, at.plusSeconds(1800));
        // a marker slot written afterwards proves the transactions above were applied
        SlotValues markerValues = new SlotValues(master);
        markerValues.reset(marker, 0, 5);
        store.write(markerValues, at);
        assertThat(store.awaitVisible(marker, 5, Duration.ofSeconds(30))).isTrue();
        assertThat(store.count(slot)).isEqualTo(5);
        List<StoredValue> rows = store.read(slot);
        assertThat(rows).extracting(StoredValue::supplyPointId)
                .containsExactly(Fixtures.point(0).value(), Fixtures.point(1).value(), Fixtures.point(2).value(),
                        Fixtures.point(3).value(), Fixtures.point(4).value());
        assertThat(rows.get(3)).isEqualTo(new StoredValue(Fixtures.point(3).value(), 777L, "1", 1, master.meterOfPoint(p3)));
        assertThat(rows.get(4)).isEqualTo(new StoredValue(Fixtures.point(4).value(), 5000L, "1", 0, master.meterOfPoint(p4), null, "9"));
        assertThat(rows.get(0).valueUnits()).isEqualTo(1000L);
        assertThat(rows.get(0).exportUnits()).isEqualTo(420L);
        assertThat(rows.get(0).exportStatus()).isEqualTo("0");
        assertThat(rows.subList(1, 4)).allSatisfy(r -> {
            assertThat(r.exportUnits()).isNull();
            assertThat(r.exportStatus()).isNull();
        });
        assertThat(rows.get(0).revision()).isZero();
        assertThat(store.countByStatus()).containsEntry("1", 2L).hasEntrySatisfying("0", n -> assertThat(n).isGreaterThanOrEqualTo(3L));
        // one point's history: each slot on its own, and a span in slot order (range ends exclusive at the start)
        String p3id = Fixtures.point(3).value();
        assertThat(store.readPoint(p3id, jp.ami.model.Slots.start(slot), jp.ami.model.Slots.end(slot)))
                .containsExactly(new ValueStore.PointValue(jp.ami.model.Slots.endEpochSecond(slot), 777L, "1", 1));
        assertThat(store.readPoint(p3id, jp.ami.model.Slots.start(marker), jp.ami.model.Slots.end(marker)))
                .containsExactly(new ValueStore.PointValue(jp.ami.model.Slots.endEpochSecond(marker), null, "9", 0));
        assertThat(store.readPoint(p3id, jp.ami.model.Slots.end(slot), jp.ami.model.Slots.end(slot))).isEmpty();
        assertThat(store.readPoint(Fixtures.point(0).value(), jp.ami.model.Slots.start(slot), jp.ami.model.Slots.end(slot)))
                .containsExactly(new ValueStore.PointValue(jp.ami.model.Slots.endEpochSecond(slot), 1000L, "0", 0, 420L, "0"));
        assertThat(store.readPoint(p3id, jp.ami.model.Slots.start(Math.min(slot, marker)), jp.ami.model.Slots.end(Math.max(slot, marker))))
                .hasSizeGreaterThanOrEqualTo(2).isSortedAccordingTo(java.util.Comparator.comparingLong(ValueStore.PointValue::slotEndEpochSecond));
        checkHistory(store, slot, marker, master);
        assertThat(store.read(marker)).allSatisfy(r -> {
            assertThat(r.valueUnits()).isNull();
            assertThat(r.status()).isEqualTo("9");
        });
    }

    /**
     * The value history: the first issue and the revision of point 3 are both kept (the revision did not overwrite
     * it), the replayed first issue is one row, and rule, provenance and correction come back as written.
     */
    private static void checkHistory(ValueStore store, long slot, long marker, MasterData master) {
        Instant from = jp.ami.model.Slots.start(slot);
        Instant to = jp.ami.model.Slots.end(slot);
        String p3id = Fixtures.point(3).value();
        // the marker's history row is written after the others: once visible, the earlier transactions are applied
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !store.readHistory(p3id,
                jp.ami.model.Slots.start(marker), jp.ami.model.Slots.end(marker)).isEmpty());
        var p3 = store.readHistory(p3id, from, to);
        long end = jp.ami.model.Slots.endEpochSecond(slot);
        Long m3 = master.meterOfPoint(master.registry().indexOf(Fixtures.point(3)));
        Long m0 = master.meterOfPoint(master.registry().indexOf(Fixtures.point(0)));
        assertThat(p3).extracting(jp.ami.mdms.store.HistoryRecord::revision).containsExactly(0, 1);
        assertThat(p3.get(0)).isEqualTo(new jp.ami.mdms.store.HistoryRecord(end, p3id, m3, 0, null, "9", Vee.GAP, "MEASURED",
                null, null, null, null, null, null, null));
        assertThat(p3.get(1)).isEqualTo(new jp.ami.mdms.store.HistoryRecord(end, p3id, m3, 1, 777L, "1", Vee.GAP, "LINEAR",
                "wisun", 7L, 99L, 12L, null, null, null));
        String p0id = Fixtures.point(0).value();
        assertThat(store.readHistory(p0id, from, to)).containsExactly(new jp.ami.mdms.store.HistoryRecord(end, p0id, m0, 0,
                1000L, "0", 0, "MEASURED", "plc", 0xFFFF_FFF0L, 0xFFFF_FFFEL, 0x1_0000_0005L, null, null, null));
        String p1id = Fixtures.point(1).value();
        assertThat(store.readHistory(p1id, from, to)).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("OPERATOR");
            assertThat(r.flags()).isEqualTo(Vee.CORRECTED);
            assertThat(r.correctionId()).isEqualTo(42L);
            assertThat(r.operator()).isEqualTo("A0001");
            assertThat(r.reason()).isEqualTo("meter read on site");
        });
        // SQL: revisions per slot, one row per (slot, point, revision) despite the replay
        assertThat(store.readHistory(Fixtures.point(2).value(), from, to)).hasSize(1);
    }
}
