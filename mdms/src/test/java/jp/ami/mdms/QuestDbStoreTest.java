package jp.ami.mdms;

import static jp.ami.mdms.Fixtures.SLOT2;
import static jp.ami.mdms.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.LoadProfile;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.store.QuestDbStore;
import jp.ami.mdms.store.StoredValue;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded QuestDB store: one server for the whole class. */
class QuestDbStoreTest {
    @TempDir
    static Path dir;
    static QuestDbStore store;
    static MdmsConfig config;

    @BeforeAll
    static void start() {
        config = Fixtures.config(dir);
        store = new QuestDbStore(dir.resolve("questdb"), Fixtures.freePort(), Fixtures.freePort(), new String[]{"0", "1", "9", "2"});
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    private SlotEngine engine(MasterData master, Path outbox) {
        return new SlotEngine(config, master, store, new SlotFileWriter(config), Outbox.open(outbox),
                new ManualClock(Instant.parse("2026-11-22T00:00:00Z")));
    }

    @Test
    void writes_are_idempotent_and_a_revision_upserts_the_row_with_the_next_revision() {
        StoreContract.check(store, SLOT2 + 500);
    }

    @Test
    void web_console_http_answers_sql_on_loopback() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + store.httpPort() + "/exec?query=" + java.net.URLEncoder.encode("SELECT count() FROM lv_30min", "UTF-8"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).contains("\"dataset\"");
    }

    @Test
    void rows_after_finalise_equal_the_engine_values_and_rewriting_a_slot_keeps_the_row_count() {
        MasterData master = Fixtures.master(5, 1000);
        SlotEngine engine = engine(master, dir.resolve("outbox1"));
        ReadingBatch b = new ReadingBatch();
        long t0 = Slots.startEpochSecond(SLOT2);
        long t1 = Slots.endEpochSecond(SLOT2);
        for (int i = 0; i < 5; i++) {
            reading(b, 1000 + i, t0, 100 + i, 0x02, 40, 6);
            if (i != 3) {
                reading(b, 1000 + i, t1, 110 + 2 * i, 0x02, 40, 6); // point 3 has no end reading → estimated at the cut-off
            }
        }
        engine.accept(b);
        engine.openSlot(SLOT2);
        SlotValues expected = engine.preview(SLOT2);
        engine.finalizeSlot(SLOT2);
        assertThat(store.awaitVisible(SLOT2, 5, Duration.ofSeconds(30))).isTrue();

        List<StoredValue> rows = store.read(SLOT2);
        assertThat(rows).hasSize(5);
        for (StoredValue row : rows) {
            int p = master.registry().indexOf(jp.ami.model.SupplyPointId.of(row.supplyPointId()));
            assertThat(row.meterId()).isEqualTo(master.meterOfPoint(p));
            assertThat(row.revision()).isZero();
            assertThat(row.valueUnits()).isEqualTo(expected.units(p));
            assertThat(row.status()).isEqualTo(p == master.pointOfMeter(1003) ? "2" : "0");
            assertThat(expected.status(p)).isEqualTo(p == master.pointOfMeter(1003) ? ValueStatus.ESTIMATED : ValueStatus.PRESENT);
        }
        // point 0: (110 − 100) steps × 0.01 kWh × 40 = 4.0000 kWh = 40000 units
        assertThat(rows.get(0).supplyPointId()).isEqualTo(Fixtures.point(0).value());
        assertThat(rows.get(0).valueUnits()).isEqualTo(40_000L);
        assertThat(rows.get(3).valueUnits()).isEqualTo(LoadProfile.units(SLOT2, 1000)).isPositive(); // profile, clamped at 60 A

        long before = store.count();
        // finalise the same slot again, and write its values a third time directly: DEDUP keeps one row per key
        engine.finalizeSlot(SLOT2);
        store.write(expected, Instant.parse("2026-11-22T00:00:00Z"));
        // a marker slot written afterwards proves the WAL transactions above were applied
        long marker = SLOT2 + 100;
        engine.openSlot(marker);
        engine.finalizeSlot(marker);
        assertThat(store.awaitVisible(marker, 5, Duration.ofSeconds(30))).isTrue();
        assertThat(store.count(SLOT2)).isEqualTo(5);
        assertThat(store.count()).isEqualTo(before + 5);
        // no reading held for the marker slot: every point is in a gap estimated at the cut-off — point 3's open since
        // SLOT2, the others' since the second finalisation of SLOT2 (its opening boundary already dropped: gaps without
        // an anchor, holding SLOT2's closing readings)
        assertThat(store.read(marker)).extracting(StoredValue::status).containsExactly("2", "2", "2", "2", "2");
    }

    @Test
    void rows_of_pv_points_carry_the_export_value_and_the_others_leave_the_export_columns_null() {
        MasterData master = Fixtures.master(3, 1000);
        SlotEngine engine = engine(master, dir.resolve("outbox-pv"));
        long slot = SLOT2 + 200;
        ReadingBatch b = new ReadingBatch();
        for (int n = 0; n < 3; n++) {
            reading(b, 1000 + n, Slots.startEpochSecond(slot), 100, 0x02, 40, 6);
            reading(b, 1000 + n, Slots.endEpochSecond(slot), 110, 0x02, 40, 6);
        }
        // point 1 exports 7 steps × 0.01 kWh × 40 = 2.8 kWh
        Fixtures.reverseReading(b, 1001, Slots.startEpochSecond(slot), 5000, 0x02, 40, 6);
        Fixtures.reverseReading(b, 1001, Slots.endEpochSecond(slot), 5007, 0x02, 40, 6);
        engine.accept(b);
        engine.finalizeSlot(slot);
        assertThat(store.awaitVisible(slot, 3, Duration.ofSeconds(30))).isTrue();
        List<StoredValue> rows = store.read(slot);
        assertThat(rows).extracting(StoredValue::valueUnits).containsOnly(40_000L);
        assertThat(rows).extracting(StoredValue::exportUnits).containsExactly(null, 28_000L, null);
        assertThat(rows).extracting(StoredValue::exportStatus).containsExactly(null, "0", null);
        assertThat(store.readPoint(Fixtures.point(1).value(), Slots.start(slot), Slots.end(slot)))
                .singleElement().satisfies(v -> assertThat(v.exportUnits()).isEqualTo(28_000L));
        int p1 = master.registry().indexOf(Fixtures.point(1));
        assertThat(jp.ami.mdms.values.Vee.units(engine.exportPacked(slot, p1))).isEqualTo(28_000L);
    }

    /** The table as the MDMS created it before the export columns (lv_30min, version 1). */
    static final String DDL_BEFORE_EXPORT = "CREATE TABLE lv_30min (slot_end TIMESTAMP, supply_point VARCHAR, retailer SYMBOL, "
            + "value_units LONG, status SYMBOL, revision INT, slot INT, meter_id LONG, vee_flags INT, written_at TIMESTAMP) "
            + "TIMESTAMP(slot_end) PARTITION BY DAY WAL DEDUP UPSERT KEYS(slot_end, supply_point)";

    @Test
    void a_table_created_before_the_export_columns_gets_them_at_start_up() throws Exception {
        Path root = dir.resolve("questdb-old");
        int http = Fixtures.freePort();
        int pg = Fixtures.freePort();
        try (QuestDbStore old = new QuestDbStore(root, http, pg, new String[]{"0", "1", "9", "2"});
             java.sql.Connection c = old.connect(); java.sql.Statement st = c.createStatement()) {
            st.execute("DROP TABLE lv_30min");
            st.execute(DDL_BEFORE_EXPORT);
            st.execute("INSERT INTO lv_30min (slot_end, supply_point, value_units, status) VALUES ('2026-11-21T15:00:00.000000Z', "
                    + "'0310111001234500000000', 5, '0')");
        }
        try (QuestDbStore migrated = new QuestDbStore(root, http, pg, new String[]{"0", "1", "9", "2"})) {
            StoreContract.check(migrated, SLOT2 + 700); // writes and reads the export columns
            try (java.sql.Connection c = migrated.connect(); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT value_units, export_units FROM lv_30min WHERE value_units = 5")) {
                assertThat(rs.next()).isTrue(); // the old row is kept, with null export columns
                rs.getLong(2);
                assertThat(rs.wasNull()).isTrue();
            }
        }
    }

    @Test
    void a_large_slot_split_over_several_wal_writers_stores_every_row_once() {
        int n = 250_000; // above QuestDbStore.PARALLEL_ROWS, so the write is split
        MasterData master = Fixtures.master(n, 60);
        long slot = SLOT2 + 900;
        SlotValues v = new SlotValues(master);
        v.reset(slot, 0, n);
        for (int p = 0; p < n; p++) {
            v.set(p, 7L * p, p % 97 == 0 ? ValueStatus.ESTIMATED : ValueStatus.PRESENT, master.registry().retailerIndexAt(p, slot));
        }
        store.write(v, Instant.parse("2026-11-22T01:00:00Z"));
        store.write(v, Instant.parse("2026-11-22T01:00:00Z")); // again: DEDUP keeps one row per point
        assertThat(store.awaitVisible(slot, n, Duration.ofSeconds(120))).isTrue();
        assertThat(store.count(slot)).isEqualTo(n);
        java.util.Map<String, Long> byPoint = new java.util.HashMap<>();
        for (StoredValue row : store.read(slot)) {
            assertThat(byPoint.put(row.supplyPointId(), row.valueUnits())).isNull();
        }
        assertThat(byPoint).hasSize(n);
        for (int p = 0; p < n; p += 9_973) {
            assertThat(byPoint.get(master.registry().pointAt(p).value())).isEqualTo(7L * p);
        }
    }
}
