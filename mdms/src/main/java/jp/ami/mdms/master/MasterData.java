package jp.ami.mdms.master;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import jp.ami.model.InvalidValueException;
import jp.ami.model.MeterId;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import jp.ami.model.calendar.ReadingCalendar;
import jp.ami.model.csv.CsvTable;

/**
 * Master data: which meter measures which supply point, who supplies it, and its contract capacity.
 *
 * <p>Loaded from a UTF-8 CSV file (read by {@link CsvTable}: RFC 4180 quoting, a BOM and blank lines allowed)
 * whose header row holds the columns {@code supply_point_id,meter_id,retailer,contract_amperes}, then one row per
 * supply point:
 * <pre>
 * supply_point_id,meter_id,retailer,contract_amperes
 * 0310111001234567890000,100001,R0013,30
 * </pre>
 * An optional column {@code reading_group} puts the point in a reading group of the {@link ReadingCalendar}
 * (blank or absent: the calendar's default assignment from the ID).
 * Rows are registered into a {@link SupplyRegistry} in file order, so the file order gives the dense
 * supply-point indexes. A bad row raises an {@link InvalidValueException} whose field names the line and the
 * column, e.g. {@code master data line 7 meter_id: "abc" must be a positive 63-bit decimal integer}.
 */
public final class MasterData {
    public static final String HEADER = "supply_point_id,meter_id,retailer,contract_amperes";
    /** The columns of {@link #HEADER}. */
    public static final List<String> COLUMNS = List.of(HEADER.split(","));
    /** What error messages call the file: {@code master data line 7 meter_id: …}. */
    private static final String WHAT = "master data";

    private final SupplyRegistry registry;
    /**
     * The meter each point was registered with (the old one after an exchange), by point index; null while
     * {@link #denseMeters} (then it is {@code denseBase + index}, and 8 bytes per point are not spent).
     */
    private long[] registeredMeter;
    /** The first point's meter while {@link #denseMeters}. */
    private long denseBase;
    /**
     * Open-addressing index over {@link #registeredMeter}: slot holds point index + 1, 0 = empty; load ≤ 0.75.
     * Not built while {@link #denseMeters}: then a meter's point is its offset from the first point's meter.
     */
    private int[] meterTable;
    /**
     * True while point {@code p} was registered with meter {@code denseBase + p} for every point (meter IDs handed
     * out in registration order, as the simulator and many utilities do): the lookup is then one subtraction, and
     * neither the meter array nor its index is kept (saves 13–19 bytes per point and a cache miss per reading).
     */
    private boolean denseMeters = true;
    private short[] contractAmperes;
    /** Reading group per point from the optional column, 0 = the calendar's default; null while no row names one. */
    private byte[] readingGroups;
    /** New meters of exchanged points (rare), meter ID → point index. */
    private final java.util.Map<Long, Integer> newMeters = new java.util.HashMap<>();
    private int points;
    private final java.util.Map<Integer, Exchange> exchanges = new java.util.HashMap<>();

    private MasterData(SupplyRegistry registry, int expected) {
        this.registry = registry;
        this.registeredMeter = null;
        this.contractAmperes = new short[Math.max(16, expected)];
        this.meterTable = new int[0];
    }

    /** An empty master-data set over {@code registry} (points are added with {@link #add}). */
    public static MasterData empty(SupplyRegistry registry) {
        return new MasterData(registry, 16);
    }

    /** Loads {@code file} into a new {@link SupplyRegistry}. */
    public static MasterData load(Path file) {
        return load(file, new SupplyRegistry());
    }

    /** Loads {@code file} into {@code registry}. */
    public static MasterData load(Path file, SupplyRegistry registry) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, registry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read master data " + file, e);
        }
    }

    /** Reads CSV text (see the class comment) into {@code registry}. */
    public static MasterData read(Reader in, SupplyRegistry registry) throws IOException {
        MasterData data = new MasterData(registry, 1024);
        CsvTable.forEach(in, WHAT, COLUMNS, data::add); // row by row: a utility's file is tens of millions of rows
        data.trimToSize();
        return data;
    }

    /** Registers the supply point of one CSV row; errors name the row's line and field. */
    private void add(CsvTable.Row row) {
        if (row.values().size() != row.header().size()) {
            throw new InvalidValueException(WHAT + " line " + row.line(), String.join(",", row.values()),
                    "must have " + row.header().size() + " comma-separated fields (has " + row.values().size() + ")");
        }
        SupplyPointId point = row.parse("supply_point_id", SupplyPointId::of);
        MeterId meter = row.parse("meter_id", MeterId::parse);
        OperatorCode retailer = row.parse("retailer", OperatorCode::of);
        int amperes = row.parse("contract_amperes", MasterData::positiveInt);
        int group = row.header().contains(READING_GROUP) && !row.get(READING_GROUP).isEmpty()
                ? row.parse(READING_GROUP, ReadingCalendar::parseGroup) : 0;
        try {
            int p = add(point, meter, retailer, amperes);
            if (group > 0) {
                readingGroup(p, group);
            }
        } catch (InvalidValueException e) {
            String prefix = e.field() + ": \"" + e.value() + "\" ";
            String m = e.getMessage();
            throw new InvalidValueException(row.where(e.field()), e.value(), m.startsWith(prefix) ? m.substring(prefix.length()) : m);
        }
    }

    private static int positiveInt(String raw) {
        try {
            int v = Integer.parseInt(raw);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("must be a positive integer");
    }

    /** Registers one supply point with its meter; returns the point's dense index. */
    public int add(SupplyPointId point, MeterId meter, OperatorCode retailer, int amperes) {
        if (pointOfMeter(meter.value()) >= 0) {
            throw new InvalidValueException("meter_id", meter.value(), "is already assigned to another supply point");
        }
        if (amperes < 0 || amperes > Short.MAX_VALUE) {
            throw new InvalidValueException("contract_amperes", amperes, "must be 0–" + Short.MAX_VALUE);
        }
        int index = registry.register(point, retailer);
        if (index >= contractAmperes.length) {
            contractAmperes = Arrays.copyOf(contractAmperes, Math.max(index + 1, contractAmperes.length * 2));
        }
        contractAmperes[index] = (short) amperes;
        points = index + 1;
        if (denseMeters) {
            if (index == 0) {
                denseBase = meter.value();
                return index;
            }
            if (meter.value() == denseBase + index) {
                return index; // still dense: no meter array, no index
            }
            // the first meter out of sequence: materialise the meter array and build the index
            denseMeters = false;
            registeredMeter = new long[Math.max(16, contractAmperes.length)];
            for (int i = 0; i < index; i++) {
                registeredMeter[i] = denseBase + i;
            }
        }
        if (index >= registeredMeter.length) {
            registeredMeter = Arrays.copyOf(registeredMeter, Math.max(index + 1, registeredMeter.length * 2));
        }
        registeredMeter[index] = meter.value();
        if (meterTable.length == 0 || points * 4L > meterTable.length * 3L) {
            meterTable = new int[Math.max(32, Integer.highestOneBit(points * 2 - 1) * 2)];
            for (int i = 0; i < points; i++) {
                insert(i);
            }
        } else {
            insert(index);
        }
        return index;
    }

    /** The optional column naming a point's reading group (検針日 group of the {@link ReadingCalendar}). */
    public static final String READING_GROUP = "reading_group";

    /** Sets point {@code p}'s reading group (1–127). */
    public void readingGroup(int p, int group) {
        if (group < 1 || group > Byte.MAX_VALUE) {
            throw new InvalidValueException(READING_GROUP, group, "must be 1–" + Byte.MAX_VALUE);
        }
        if (readingGroups == null || readingGroups.length <= p) {
            readingGroups = readingGroups == null ? new byte[Math.max(p + 1, points)]
                    : Arrays.copyOf(readingGroups, Math.max(p + 1, points));
        }
        readingGroups[p] = (byte) group;
    }

    /** Point {@code p}'s reading group from the master data, or 0 when it names none (the calendar assigns one). */
    public int readingGroup(int p) {
        return readingGroups == null || p >= readingGroups.length ? 0 : readingGroups[p];
    }

    /** Header of the optional meter-exchange CSV ({@link jp.ami.model.MeterExchangeFile}). */
    public static final String EXCHANGES_HEADER = jp.ami.model.MeterExchangeFile.HEADER;

    /**
     * Loads meter exchanges from the meter-exchange file ({@link jp.ami.model.MeterExchangeFile}, first line
     * {@link #EXCHANGES_HEADER}). The supply point must be registered with the old meter; the new meter must be
     * unknown. At most one exchange per supply point. See {@link Exchange}.
     */
    public void loadExchanges(Path file) {
        for (jp.ami.model.MeterExchangeFile.Row x : jp.ami.model.MeterExchangeFile.read(file)) {
            addExchange(x.point(), x.oldMeter(), x.oldFinalRegister(), x.newMeter(), x.newInitialRegister(), x.exchangedAt());
        }
    }

    /** Drops the spare capacity of the per-point arrays (after loading; adding more points grows them again). */
    public void trimToSize() {
        if (registeredMeter != null) {
            registeredMeter = Arrays.copyOf(registeredMeter, Math.max(1, points));
        }
        contractAmperes = Arrays.copyOf(contractAmperes, Math.max(1, points));
        registry.trimToSize();
    }

    /** Registers a meter exchange (see {@link Exchange}). */
    public Exchange addExchange(SupplyPointId point, MeterId oldMeter, long oldFinal, MeterId newMeter, long newInitial, java.time.Instant at) {
        int p = registry.indexOf(point);
        if (p < 0) {
            throw new InvalidValueException("supply_point_id", point.value(), "is not in the master data");
        }
        if (meterOfPoint(p) != oldMeter.value()) {
            throw new InvalidValueException("old_meter_id", oldMeter.value(), "is not the meter of " + point.value());
        }
        if (pointOfMeter(newMeter.value()) >= 0) {
            throw new InvalidValueException("new_meter_id", newMeter.value(), "is already assigned to a supply point");
        }
        if (exchanges.containsKey(p)) {
            throw new InvalidValueException("supply_point_id", point.value(), "has an exchange already");
        }
        Exchange x = new Exchange(p, oldMeter.value(), oldFinal, newMeter.value(), newInitial, jp.ami.model.Slots.containing(at.getEpochSecond()));
        exchanges.put(p, x);
        newMeters.put(newMeter.value(), p);
        return x;
    }

    /** Every registered exchange (a copy, in no particular order). */
    public java.util.List<Exchange> exchanges() {
        return new java.util.ArrayList<>(exchanges.values());
    }

    /** The exchange at point {@code p}, or null. */
    public Exchange exchange(int p) {
        return exchanges.isEmpty() ? null : exchanges.get(p);
    }

    /** The meter that measured point {@code p} during slot {@code slotIndex}. */
    public long meterAt(int p, long slotIndex) {
        Exchange x = exchange(p);
        return x == null ? registered(p) : slotIndex < x.slot() ? x.oldMeter() : x.newMeter();
    }

    public SupplyRegistry registry() {
        return registry;
    }

    /** Dense supply-point index measured by {@code meterId}, or -1 when the meter is unknown. Allocation-free. */
    public int pointOfMeter(long meterId) {
        if (denseMeters) {
            long off = meterId - denseBase;
            if (points > 0 && off >= 0 && off < points) {
                return (int) off;
            }
            return newMeters.isEmpty() ? -1 : newMeters.getOrDefault(meterId, -1);
        }
        int mask = meterTable.length - 1;
        for (int i = hash(meterId) & mask; ; i = (i + 1) & mask) {
            int e = meterTable[i];
            if (e == 0) {
                break;
            }
            if (registeredMeter[e - 1] == meterId) {
                return e - 1;
            }
        }
        if (newMeters.isEmpty()) {
            return -1;
        }
        Integer p = newMeters.get(meterId);
        return p == null ? -1 : p;
    }

    /** The meter point {@code p} was registered with. */
    private long registered(int p) {
        return denseMeters ? denseBase + p : registeredMeter[p];
    }

    private void insert(int index) {
        int mask = meterTable.length - 1;
        int i = hash(registeredMeter[index]) & mask;
        while (meterTable[i] != 0) {
            i = (i + 1) & mask;
        }
        meterTable[i] = index + 1;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Meter ID installed at point {@code pointIndex} (the new meter after an exchange). */
    public long meterOfPoint(int pointIndex) {
        Exchange x = exchange(pointIndex);
        return x == null ? registered(pointIndex) : x.newMeter();
    }

    /** Contract capacity in amperes of point {@code pointIndex} (for VEE). */
    public int contractAmperes(int pointIndex) {
        return contractAmperes[pointIndex];
    }

    /** Number of supply points. */
    public int size() {
        return registry.size();
    }
}
