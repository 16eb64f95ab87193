package jp.ami.mdms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalAppender;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.model.MeterId;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import org.awaitility.Awaitility;

/** Builders shared by the tests. */
public final class Fixtures {
    /** Slot 2 of 2026-11-22 (00:30–01:00 JST). */
    public static final long SLOT2 = Slots.index(LocalDate.of(2026, 11, 22), 2);

    private Fixtures() {
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MdmsConfig config(Path dir) {
        return MdmsConfig.defaults(dir);
    }

    /** The defaults under {@code dir}, to change some keys. */
    public static MdmsConfigBuilder configBuilder(Path dir) {
        return MdmsConfig.builder(dir);
    }

    /**
     * A whole MDMS's settings under {@code dir/var}: the master data {@code dir/master.csv} written with
     * {@code masterRows} ({@link #masterRow}), an ephemeral delivery port and free QuestDB ports.
     */
    public static MdmsConfig serverConfig(Path dir, List<String> masterRows) throws IOException {
        Path csv = writeMaster(dir.resolve("master.csv"), masterRows);
        return configBuilder(dir.resolve("var")).masterDataFile(csv)
                .deliveryPort(0).questDbHttpPort(freePort()).questDbPgPort(freePort()).build();
    }

    /** {@link #serverConfig(Path, List)} of the rows given. */
    public static MdmsConfig serverConfig(Path dir, String... masterRows) throws IOException {
        return serverConfig(dir, List.of(masterRows));
    }

    /**
     * {@link #serverConfig(Path, String...)} of three points of 30 A: points 0 and 1 (meters 10 and 11) supplied by
     * R0013, point 2 (meter 12) by R0002.
     */
    public static MdmsConfig threePointServerConfig(Path dir) throws IOException {
        return serverConfig(dir, masterRow(0, 10, "R0013", 30), masterRow(1, 11, "R0013", 30),
                masterRow(2, 12, "R0002", 30));
    }

    /** Writes a master-data CSV: the header, then one line per row. */
    public static Path writeMaster(Path csv, Iterable<String> rows) throws IOException {
        StringBuilder sb = new StringBuilder(MasterData.HEADER).append('\n');
        for (String row : rows) {
            sb.append(row).append('\n');
        }
        return Files.writeString(csv, sb, StandardCharsets.UTF_8);
    }

    /** One master-data row: supply point number {@code point}, its meter, retailer and contract capacity. */
    public static String masterRow(int point, long meter, String retailer, int amperes) {
        return point(point).value() + "," + meter + "," + retailer + "," + amperes;
    }

    /** Supply point ID number {@code n}: area 03, ascending with n. */
    public static SupplyPointId point(int n) {
        return SupplyPointId.of(String.format("03101110012345%08d", n));
    }

    /**
     * Master data with {@code n} points, meters 1000+i, retailers alternating R0001 / R0002 (i even / odd),
     * registered in DESCENDING point-ID order so file order differs from ID order.
     */
    public static MasterData master(int n) {
        return master(n, 30);
    }

    /** {@link #master(int)} with contract capacity {@code amperes} for every point. */
    public static MasterData master(int n, int amperes) {
        MasterData m = MasterData.empty(new SupplyRegistry());
        for (int i = n - 1; i >= 0; i--) {
            m.add(point(i), MeterId.of(1000 + i), OperatorCode.of(i % 2 == 0 ? "R0001" : "R0002"), amperes);
        }
        return m;
    }

    /** Polls {@code condition} (on this thread) until true or the timeout; fails the test on timeout. */
    public static void await(String what, java.util.function.BooleanSupplier condition, java.time.Duration timeout) {
        Awaitility.await(what).atMost(timeout).pollInSameThread().pollInterval(java.time.Duration.ofMillis(10))
                .until(condition::getAsBoolean);
    }

    /** What a test's meters send at one boundary. */
    public interface BoundaryReadings {
        /** Adds to {@code batch} the readings sent at the end of slot {@code boundary}, {@code epochSecond}. */
        void add(long boundary, long epochSecond, ReadingBatch batch);
    }

    /**
     * Drives {@code engine} through the ends of slots {@code fromBoundary} … {@code toBoundary}: at each, first the
     * engine's tick 5 minutes after it ({@code finalizeDue}), then one batch of what {@code readings} adds.
     */
    public static void feedBoundaries(SlotEngine engine, long fromBoundary, long toBoundary, BoundaryReadings readings) {
        for (long b = fromBoundary; b <= toBoundary; b++) {
            long t = Slots.endEpochSecond(b);
            engine.finalizeDue(Instant.ofEpochSecond(t + 300));
            ReadingBatch batch = new ReadingBatch();
            readings.add(b, t, batch);
            engine.accept(batch);
        }
    }

    /**
     * Journals one document for {@link #SLOT2}: meters {@code firstMeter}…{@code lastMeter} read 500 at its start and
     * 500 + meter id at its end (0.01 kWh, 6 digits), and a reading of meter 99, which the master data does not know.
     */
    public static void journalSlot2(MdmsConfig config, int firstMeter, int lastMeter) {
        try (Journal journal = Journal.open(config.journalDir()); JournalAppender appender = journal.appender()) {
            ReadingBatch b = new ReadingBatch();
            for (int m = firstMeter; m <= lastMeter; m++) {
                reading(b, m, Slots.startEpochSecond(SLOT2), 500, 0x02, 1, 6);
                reading(b, m, Slots.endEpochSecond(SLOT2), 500 + m, 0x02, 1, 6);
            }
            b.add(99, Slots.endEpochSecond(SLOT2), 1, 0, 1, 1, 0x02, 6, 1, 0, 0); // unknown meter
            appender.append(b);
        }
    }

    /** Adds a reverse-direction (export, EPC 0xEB) reading. */
    public static void reverseReading(ReadingBatch b, long meter, long epochSecond, long register, int unit, int coef, int digits) {
        b.add(meter, epochSecond, register, epochSecond * 1000, coef, 1, unit, digits, 1, ReadingBatch.DIRECTION_REVERSE, 0);
    }

    /** Adds a normal-direction reading. */
    public static void reading(ReadingBatch b, long meter, long epochSecond, long register, int unit, int coef, int digits) {
        b.add(meter, epochSecond, register, epochSecond * 1000, coef, 1, unit, digits, 1, 0, 0);
    }
}
