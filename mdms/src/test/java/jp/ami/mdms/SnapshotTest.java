package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine restored from a snapshot continues exactly like the engine that wrote it (gaps, revisions, files). */
class SnapshotTest {
    static final long FIRST = Slots.index(LocalDate.of(2026, 11, 22), 40);

    @TempDir
    Path dir;

    private static void feed(SlotEngine e, long fromBoundary, long toBoundary) {
        feed(e, fromBoundary, toBoundary, false);
    }

    /**
     * With {@code pv}: meters 1001 and 1004 also send reverse readings (export); 1004's are missing at FIRST + 1 …
     * FIRST + 4 (an export gap open across the snapshot), re-collected late at FIRST + 7.
     */
    private static void feed(SlotEngine e, long fromBoundary, long toBoundary, boolean pv) {
        Fixtures.feedBoundaries(e, fromBoundary, toBoundary, (b, t, batch) -> {
            for (int i = 0; i < 9; i++) {
                boolean gap = (i == 2 && b >= FIRST + 1 && b <= FIRST + 3) || (i == 5 && b == FIRST + 4);
                if (!gap) {
                    batch.add(1000 + i, t, 100 + i * 10 + (b - FIRST) * (3 + i), (t + 300) * 1000, 1, 1, 0x02, 6, 1, 0, 0);
                }
            }
            if (b == FIRST + 6) { // re-collected, late: revisions after the restore point
                batch.add(1005, Slots.endEpochSecond(FIRST + 4), 150 + 4 * 8, (t + 300) * 1000, 1, 1, 0x02, 6, 1, 0, 1);
            }
            if (pv) {
                batch.add(1001, t, 7000 + (b - FIRST) * 11, (t + 300) * 1000, 1, 1, 0x02, 6, 1, ReadingBatch.DIRECTION_REVERSE, 0);
                if (b < FIRST + 1 || b > FIRST + 4) {
                    batch.add(1004, t, 9000 + (b - FIRST + 1) * (b - FIRST + 1), (t + 300) * 1000, 1, 1, 0x02, 6, 1,
                            ReadingBatch.DIRECTION_REVERSE, 0);
                }
                if (b == FIRST + 7) {
                    for (long r = FIRST + 1; r <= FIRST + 4; r++) {
                        batch.add(1004, Slots.endEpochSecond(r), 9000 + (r - FIRST + 1) * (r - FIRST + 1), (t + 300) * 1000, 1, 1, 0x02, 6, 1,
                                ReadingBatch.DIRECTION_REVERSE, 1);
                    }
                }
            }
        });
    }

    private SlotEngine engine(Path base, MemoryStore store) {
        MdmsConfig config = Fixtures.configBuilder(base).recordsPerFile(4).build();
        return new SlotEngine(config, Fixtures.master(9), store, new SlotFileWriter(config), Outbox.open(config.outboxDir()),
                new ManualClock(Instant.parse("2026-11-22T00:00:00Z")));
    }

    @Test
    void a_restored_engine_produces_the_same_rows_and_files_as_the_original() throws Exception {
        MemoryStore storeA = new MemoryStore();
        SlotEngine a = engine(dir.resolve("a"), storeA);
        a.expectSlots(FIRST, FIRST + 9);
        feed(a, FIRST - 1, FIRST + 3); // the gap of point 2 is open
        assertThat(a.gapPoints()).isPositive();
        byte[] bytes = snapshot(a);
        // a second engine over the same data directory (as after a restart), restored from the snapshot
        MemoryStore storeB = new MemoryStore();
        SlotEngine b = restartedCopy(storeB);
        assertThat(restore(b, bytes)).isTrue();
        assertThat(b.stats().slotsFinalized()).isEqualTo(a.stats().slotsFinalized());
        assertThat(b.openSlots()).isEqualTo(a.openSlots());
        continueBoth(a, b, false);
        for (long s = FIRST + 3; s <= FIRST + 9; s++) {
            assertThat(storeB.read(s)).as("slot %d", s).isEqualTo(storeA.read(s));
        }
        assertThat(b.revision(FIRST + 4)).isEqualTo(a.revision(FIRST + 4)).isPositive();
        assertThat(files(dir.resolve("b/outbox"))).isEqualTo(files(dir.resolve("a/outbox")));
        assertThat(b.stats().estimated()).isEqualTo(a.stats().estimated());
        assertThat(b.stats().present() + b.stats().estimated() + b.stats().missing()).isEqualTo(b.stats().valuesStored());
    }

    @Test
    void a_restored_engine_continues_the_export_values_exactly() throws Exception {
        MemoryStore storeA = new MemoryStore();
        SlotEngine a = engine(dir.resolve("a"), storeA);
        a.expectSlots(FIRST, FIRST + 9);
        feed(a, FIRST - 1, FIRST + 3, true); // the export gap of meter 1004 is open
        assertThat(a.exportPoints()).isEqualTo(2);
        byte[] bytes = snapshot(a);
        MemoryStore storeB = new MemoryStore();
        SlotEngine b = restartedCopy(storeB);
        assertThat(restore(b, bytes)).isTrue();
        assertThat(b.exportPoints()).isEqualTo(2);
        assertThat(b.stats()).usingRecursiveComparison().ignoringFields("slotTimings", "filesPerRetailer").isEqualTo(a.stats());
        continueBoth(a, b, true);
        int p1 = Fixtures.master(9).registry().indexOf(Fixtures.point(1));
        int p4 = Fixtures.master(9).registry().indexOf(Fixtures.point(4));
        for (long s = FIRST; s <= FIRST + 9; s++) {
            if (s >= FIRST + 3) { // storeB has the rows written after the restore only
                assertThat(storeB.read(s)).as("slot %d", s).isEqualTo(storeA.read(s));
            }
            assertThat(b.exportPacked(s, p1)).isEqualTo(a.exportPacked(s, p1));
            assertThat(b.exportPacked(s, p4)).isEqualTo(a.exportPacked(s, p4));
        }
        // the gap of 1004 was estimated, then revised with the re-collected readings: exact values again
        assertThat(jp.ami.mdms.values.Vee.units(a.exportPacked(FIRST + 3, p4))).isEqualTo((16 - 9) * 100L);
        assertThat(jp.ami.mdms.values.Vee.status(a.exportPacked(FIRST + 3, p4))).isEqualTo(jp.ami.mdms.values.ValueStatus.PRESENT);
        assertThat(a.stats().exportRevised()).isPositive();
        assertThat(files(dir.resolve("b/outbox"))).isEqualTo(files(dir.resolve("a/outbox")));
        assertThat(b.stats()).usingRecursiveComparison().ignoringFields("slotTimings", "filesPerRetailer")
                .isEqualTo(a.stats());
    }

    /**
     * A version-1 snapshot (written by the engine before export values; {@code snapshot-v1.bin} is the scenario's snapshot
     * as that engine wrote it, the bytes {@link #PINNED_V1} pins) is still read: the engine continues exactly as one that
     * never stopped, with an empty export state.
     */
    @Test
    void a_version_1_snapshot_is_still_read_and_continues_exactly() throws Exception {
        byte[] v1 = getClass().getResourceAsStream("snapshot-v1.bin").readAllBytes();
        assertThat(sizeAndDigest(v1)).isEqualTo(PINNED_V1);
        MemoryStore storeA = new MemoryStore();
        SlotEngine a = engine(dir.resolve("a"), storeA);
        a.expectSlots(FIRST, FIRST + 9);
        feed(a, FIRST - 1, FIRST + 3);
        MemoryStore storeB = new MemoryStore();
        SlotEngine b = restartedCopy(storeB);
        assertThat(restore(b, v1)).isTrue();
        assertThat(b.stats().slotsFinalized()).isEqualTo(a.stats().slotsFinalized());
        continueBoth(a, b, false);
        for (long s = FIRST + 3; s <= FIRST + 9; s++) {
            assertThat(storeB.read(s)).as("slot %d", s).isEqualTo(storeA.read(s));
        }
        assertThat(files(dir.resolve("b/outbox"))).isEqualTo(files(dir.resolve("a/outbox")));
        // the cut-off counters came after version 1: a version-1 snapshot restores them as 0
        assertThat(b.stats()).usingRecursiveComparison()
                .ignoringFields("slotTimings", "filesPerRetailer", "estimatedAtCutoff", "revisedLater")
                .isEqualTo(a.stats());
        assertThat(a.stats().estimatedAtCutoff()).isGreaterThan(b.stats().estimatedAtCutoff());
    }

    @Test
    void a_snapshot_of_an_unknown_version_is_refused() throws Exception {
        byte[] v1 = getClass().getResourceAsStream("snapshot-v1.bin").readAllBytes();
        java.nio.ByteBuffer.wrap(v1).putInt(8, 4);
        SlotEngine b = engine(dir.resolve("b"), new MemoryStore());
        assertThat(restore(b, v1)).isFalse();
    }

    /** Size and SHA-256 of the scenario's version-1 snapshot. */
    static final String PINNED_V1 = "1018 7a928a96c330298335cae6c1dffb959715ff63c78d598880c3a71b53e32bb674";

    /**
     * The snapshot format is fixed (existing {@code engine.snapshot} files must stay readable): the header fields sit
     * at the offsets {@code SnapshotCodec} documents, and the bytes of this scenario are those of the format's current
     * version, 3 (SHA-256 pinned; change it only with a new format version; version 1: {@link #PINNED_V1}).
     */
    @Test
    void the_snapshot_keeps_its_documented_layout_and_bytes() throws Exception {
        SlotEngine a = engine(dir.resolve("a"), new MemoryStore());
        a.expectSlots(FIRST, FIRST + 9);
        feed(a, FIRST - 1, FIRST + 3);
        byte[] bytes = snapshot(a);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        assertThat(b.getLong(0)).isEqualTo(0x4D444D53_534E4150L); // "MDMSSNAP"
        assertThat(b.getInt(8)).isEqualTo(3);
        assertThat(b.getInt(12)).isEqualTo(9);
        assertThat(b.getLong(16)).isEqualTo(FIRST + 2);
        assertThat(b.getInt(24)).isEqualTo(29);
        assertThat(b.getLong(28)).isEqualTo(a.stats().batches());
        assertThat(b.getLong(bytes.length - 8)).isEqualTo(0x4D444D53_534E4150L);
        assertThat(sizeAndDigest(bytes)).isEqualTo(PINNED);
    }

    /**
     * Size and SHA-256 of the scenario's snapshot in version 3 (no PV point: the export state is empty; readings fed
     * without a journal document: no provenance, every reference 0). Version 2 was
     * {@code 1066 467bb89408777ba50e1f2d862f0374a817b8b8a5004a2c22ac6333cf0dc905f0}.
     */
    static final String PINNED = "1610 a5bdcf52398396469f70d3f7a69380fa23cebb6779a0d5e6ed68fe49f58aef01";

    @Test
    void a_snapshot_of_other_master_data_is_refused() throws Exception {
        SlotEngine a = engine(dir.resolve("a"), new MemoryStore());
        byte[] bytes = snapshot(a);
        MdmsConfig config = Fixtures.config(dir.resolve("c"));
        SlotEngine other = new SlotEngine(config, Fixtures.master(3), new MemoryStore(), new SlotFileWriter(config),
                Outbox.open(config.outboxDir()), new ManualClock(Instant.EPOCH));
        assertThat(restore(other, bytes)).isFalse();
    }

    /** Feeds both engines the scenario's boundaries FIRST + 4 … FIRST + 9 and finalises what is then due. */
    private static void continueBoth(SlotEngine a, SlotEngine b, boolean pv) {
        for (SlotEngine e : List.of(a, b)) {
            feed(e, FIRST + 4, FIRST + 9, pv);
            e.finalizeDue(Slots.end(FIRST + 10));
        }
    }

    private static byte[] snapshot(SlotEngine e) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            e.snapshot(out);
        }
        return bytes.toByteArray();
    }

    private static boolean restore(SlotEngine e, byte[] snapshot) throws Exception {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            return e.restore(in);
        }
    }

    /** A second engine over a copy of engine a's data directory, as after a restart (not yet restored). */
    private SlotEngine restartedCopy(MemoryStore store) throws Exception {
        copy(dir.resolve("a"), dir.resolve("b"));
        return engine(dir.resolve("b"), store);
    }

    /** "size sha-256-hex" of some bytes, as the pinned snapshots are written. */
    private static String sizeAndDigest(byte[] bytes) throws Exception {
        return bytes.length + " " + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private static Map<String, String> files(Path outbox) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(outbox)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(outbox.relativize(p).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }
}
