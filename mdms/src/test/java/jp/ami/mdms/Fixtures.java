package jp.ami.mdms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.LocalDate;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.master.MasterData;
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

    /** Adds a reverse-direction (export, EPC 0xEB) reading. */
    public static void reverseReading(ReadingBatch b, long meter, long epochSecond, long register, int unit, int coef, int digits) {
        b.add(meter, epochSecond, register, epochSecond * 1000, coef, 1, unit, digits, 1, ReadingBatch.DIRECTION_REVERSE, 0);
    }

    /** Adds a normal-direction reading. */
    public static void reading(ReadingBatch b, long meter, long epochSecond, long register, int unit, int coef, int digits) {
        b.add(meter, epochSecond, register, epochSecond * 1000, coef, 1, unit, digits, 1, 0, 0);
    }
}
