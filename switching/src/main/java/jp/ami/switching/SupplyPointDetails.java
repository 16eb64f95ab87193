package jp.ami.switching;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import jp.ami.model.CommPath;
import jp.ami.model.InvalidValueException;
import jp.ami.model.MeterId;
import jp.ami.model.SupplyRegistry;
import jp.ami.model.calendar.ReadingCalendar;

/**
 * What the switching service knows of a supply point besides who supplies it, from the master data: its reading
 * group ({@code reading_group}, else {@link ReadingCalendar#groupOf}) and its contract amperes
 * ({@code contract_amperes}, optional), for IF_10110 also its meter ({@code meter_id}) and the meter's communication
 * path ({@code comm_path}, optional: the MDMS's master data does not carry it). Kept by registry index in small
 * arrays, so a registry of tens of millions of points costs three bytes a point, eight more with meter IDs and one
 * with paths, and nothing for a column the master data does not have.
 *
 * <p>Filled while the master data is read, then only read; reads and writes are not synchronised with each other.
 */
public final class SupplyPointDetails {
    private static final byte DEFAULT_GROUP = 0;
    private static final short NO_AMPERES = -1;

    private byte[] groups = new byte[0];
    private short[] amperes = new short[0];
    /** Meter IDs by index, 0 = unknown; allocated only when the master data has a {@code meter_id} column. */
    private long[] meters = new long[0];
    /** {@link CommPath#code()} by index, 0 = unknown; allocated only when the master data says. */
    private byte[] paths = new byte[0];

    /** Details for a registry whose points all have their default group and no contract amperes. */
    public static SupplyPointDetails defaults() {
        return new SupplyPointDetails();
    }

    /**
     * Sets the reading group of the point at {@code index} (0 = its default group).
     *
     * @throws InvalidValueException a group outside 1–{@value ReadingCalendar#MAX_GROUP}
     */
    public void readingGroup(int index, int group) {
        if (group < 0 || group > ReadingCalendar.MAX_GROUP) {
            throw new InvalidValueException("reading_group", group, "must be 1–" + ReadingCalendar.MAX_GROUP);
        }
        if (index >= groups.length) {
            groups = Arrays.copyOf(groups, grown(groups.length, index));
        }
        groups[index] = (byte) group;
    }

    /**
     * Sets the contract amperes of the point at {@code index}.
     *
     * @throws InvalidValueException amperes outside 0–32767
     */
    public void contractAmperes(int index, int a) {
        if (a < 0 || a > Short.MAX_VALUE) {
            throw new InvalidValueException("contract_amperes", a, "must be 0–" + Short.MAX_VALUE);
        }
        if (index >= amperes.length) {
            int from = amperes.length;
            amperes = Arrays.copyOf(amperes, grown(amperes.length, index));
            Arrays.fill(amperes, from, amperes.length, NO_AMPERES);
        }
        amperes[index] = (short) a;
    }

    /** Sets the meter of the point at {@code index} (IF_10110 {@code meterId}). */
    public void meterId(int index, MeterId meter) {
        if (index >= meters.length) {
            meters = Arrays.copyOf(meters, grown(meters.length, index));
        }
        meters[index] = meter.value();
    }

    /** Sets the communication path of the point's meter at {@code index} (IF_10110 {@code communicationPath}). */
    public void commPath(int index, CommPath path) {
        if (index >= paths.length) {
            paths = Arrays.copyOf(paths, grown(paths.length, index));
        }
        paths[index] = (byte) path.code();
    }

    /** The meter of the point at {@code index}, if the master data had it. */
    Optional<MeterId> meterId(int index) {
        return index < meters.length && meters[index] != 0 ? Optional.of(MeterId.of(meters[index])) : Optional.empty();
    }

    /** The communication path of the point at {@code index}, if known. */
    Optional<CommPath> commPath(int index) {
        return index < paths.length && paths[index] != 0 ? Optional.of(CommPath.ofCode(paths[index])) : Optional.empty();
    }

    /** The reading group of the point at {@code index} of {@code registry} in {@code calendar}. */
    int readingGroup(SupplyRegistry registry, int index, ReadingCalendar calendar) {
        int g = index < groups.length ? groups[index] : DEFAULT_GROUP;
        return g == DEFAULT_GROUP ? calendar.groupOf(registry.pointAt(index)) : g;
    }

    /** The contract amperes of the point at {@code index}, if the master data had them. */
    OptionalInt contractAmperes(int index) {
        return index < amperes.length && amperes[index] != NO_AMPERES ? OptionalInt.of(amperes[index]) : OptionalInt.empty();
    }

    private static int grown(int length, int index) {
        return Math.max(index + 1, Math.max(16, length + (length >> 1)));
    }
}
