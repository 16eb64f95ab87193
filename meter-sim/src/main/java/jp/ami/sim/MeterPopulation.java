package jp.ami.sim;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;
import jp.ami.model.CommPath;
import jp.ami.model.EnergyUnit;
import jp.ami.model.MeterExchangeFile;
import jp.ami.model.OperatorCode;
import jp.ami.model.Registers;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import jp.ami.model.csv.CsvTable;

/**
 * The simulated meters as primitive arrays indexed by a dense meter index (no object per meter). Meter i
 * has meter ID {@code firstMeterId + i} and supply point {@code <area><20-digit i + 1>}; its path, its
 * concentrator/relay, its register unit, coefficient, effective digits and starting register all derive
 * from the seed.
 *
 * <p>Sources (concentrators, relays, border routers) are numbered per path from 1; a batch frame carries
 * the source ID.
 */
public final class MeterPopulation {
    private final SimConfig config;
    private final byte[] path;
    private final int[] source;
    private final byte[] unitCode;
    private final int[] coefficient;
    private final byte[] digits;
    private final short[] retailer;
    /** Cumulative energy through the meter so far, exact, in 0.0001 kWh. */
    private final long[] energyUnits;
    private final int[] registerOffset;
    /** Cumulative reverse (exported) energy, 0.0001 kWh; only PV meters ever export. */
    private final long[] exportUnits;
    private final int[] sourcesPerPath = new int[4];
    private MeterExchanges exchanges = MeterExchanges.NONE;

    public MeterPopulation(SimConfig config) {
        this.config = config;
        int n = config.meters();
        path = new byte[n];
        source = new int[n];
        unitCode = new byte[n];
        coefficient = new int[n];
        digits = new byte[n];
        retailer = new short[n];
        energyUnits = new long[n];
        registerOffset = new int[n];
        exportUnits = new long[n];
        int[] remaining = new int[4];
        for (int i = 0; i < n; i++) {
            long h = Mix.mix(config.seed(), i);
            int draw = Mix.below(h, 1000);
            CommPath p = draw < config.wisunShare() ? CommPath.WISUN
                    : draw < config.wisunShare() + config.relayShare() ? CommPath.RELAY : CommPath.PLC;
            int pc = p.code();
            path[i] = (byte) pc;
            if (remaining[pc] == 0) {
                sourcesPerPath[pc]++;
                int lo = minPerSource(config, p);
                int hi = maxPerSource(config, p);
                remaining[pc] = lo + Mix.below(Mix.mix(config.seed(), pc * 1_000_003L + sourcesPerPath[pc], 99), hi - lo + 1);
            }
            remaining[pc]--;
            source[i] = sourcesPerPath[pc];
            long h2 = Mix.mix(h, 2);
            // Most household meters count in 0.01 kWh or 0.1 kWh with coefficient 1; a few CT meters have 40.
            int u = Mix.below(h2, 10);
            unitCode[i] = (byte) (u < 6 ? 0x02 : u < 9 ? 0x01 : 0x03);
            coefficient[i] = Mix.below(Mix.mix(h2, 3), 50) == 0 ? 40 : 1;
            digits[i] = (byte) (Mix.below(Mix.mix(h2, 4), 4) == 0 ? 6 : 8);
            retailer[i] = (short) Mix.below(Mix.mix(h, 5), config.retailers().size());
            long modulus = Registers.modulus(digits[i]);
            // about 2 % of registers stand just below their wrap (10^digits) and roll over during a run
            registerOffset[i] = Mix.below(Mix.mix(h, 8), 50) == 0
                    ? (int) (modulus - 1 - Mix.below(Mix.mix(h, 9), 50))
                    : Mix.below(Mix.mix(h, 6), (int) Math.min(modulus / 2, 1_000_000));
        }
    }

    /** Fewest meters per source of a path: Wi-SUN n (500), PLC n/2 (50), 1:N n/2 (100), n from {@link SimConfig}. */
    static int minPerSource(SimConfig c, CommPath p) {
        return switch (p) {
            case WISUN -> c.wisunPerRouter();
            case PLC -> Math.max(1, c.plcPerConcentrator() / 2);
            case RELAY -> Math.max(1, c.relayPerStation() / 2);
        };
    }

    /** Most meters per source of a path: Wi-SUN 2n (1,000), PLC 2n (200), 1:N 2n (400). */
    static int maxPerSource(SimConfig c, CommPath p) {
        return switch (p) {
            case WISUN -> 2 * c.wisunPerRouter();
            case PLC -> 2 * c.plcPerConcentrator();
            case RELAY -> 2 * c.relayPerStation();
        };
    }

    /** Bytes of per-meter state the population holds (the simulator adds 8 for the frame counter). */
    public static int bytesPerMeter() {
        return 1 + 4 + 1 + 4 + 1 + 2 + 8 + 4 + 8;
    }

    /** Rooftop PV peak in watts (0 = no PV): {@link SimConfig#pvShare()} per mille of meters, 3–6 kW. */
    public int pvWatts(int i) {
        long h = Mix.mix(config.seed(), i, 21);
        return Mix.below(h, 1000) < config.pvShare() ? 3000 + 500 * Mix.below(Mix.mix(h, 1), 7) : 0;
    }

    /** Contract capacity in amperes (30/40/50/60 A), as in the master data. */
    public int contractAmps(int i) {
        return 30 + 10 * Mix.below(Mix.mix(config.seed(), i, 7), 4);
    }

    /** Most energy (0.0001 kWh) the contract lets through in one slot: amps × 100 V × 0.5 h. */
    public long slotCapacityUnits(int i) {
        return contractAmps(i) * 100L * 5;
    }

    /** Exact cumulative exported energy, 0.0001 kWh. */
    public long exportUnits(int i) {
        return exportUnits[i];
    }

    public void addExport(int i, long units) {
        exportUnits[i] += units;
    }

    /** The reverse-direction (0xEB) register. */
    public long exportRegister(int i) {
        return exportRegisterAt(i, exportUnits[i]);
    }

    /** The reverse register after exporting {@code units} in total (starts at 0, same unit, coefficient, digits). */
    public long exportRegisterAt(int i, long units) {
        return wrap(i, units / stepUnits(i));
    }

    public SimConfig config() {
        return config;
    }

    public int size() {
        return path.length;
    }

    /** The meter ID point i was installed with (its original meter; see {@link #meterIdAt} after an exchange). */
    public long meterId(int i) {
        return config.firstMeterId() + i;
    }

    /**
     * Dense index (supply point) of a meter ID, or -1: the original meters {@code firstMeterId + i} and, after
     * {@link #planExchanges}, the new meters installed by exchanges.
     */
    public int indexOf(long meterId) {
        long i = meterId - config.firstMeterId();
        if (i >= 0 && i < path.length) {
            return (int) i;
        }
        return exchanges.pointOfNewMeter(meterId);
    }

    /** The planned meter exchanges ({@link MeterExchanges#NONE} until {@link #planExchanges}). */
    public MeterExchanges exchanges() {
        return exchanges;
    }

    /**
     * Plans the meter exchanges of a run over slots {@code firstSlot … firstSlot + slots − 1} that starts with the
     * opening readings at the start of {@code firstSlot} (registers at their starting values then): a share
     * {@code rate} of points, drawn from the seed, get a new meter inside one of the run's slots. See
     * {@link MeterExchanges}. Replaces any earlier plan; call before the run.
     */
    public MeterExchanges planExchanges(double rate, long firstSlot, int slots) {
        exchanges = MeterExchanges.plan(this, new LoadProfile(config.seed(), this), rate, firstSlot, slots);
        return exchanges;
    }

    /** The meter installed at point i when the reading closing {@code closedSlot} is taken. */
    public long meterIdAt(int i, long closedSlot) {
        int x = exchanges.indexOfPoint(i);
        return x >= 0 && closedSlot >= exchanges.slot(x) ? exchanges.newMeterId(x) : meterId(i);
    }

    /**
     * The 0xEA register point i's installed meter shows at the boundary closing {@code closedSlot}, when the point
     * has measured {@code energyUnits} (0.0001 kWh) in total since the run's start: the original meter's register
     * before its exchange slot, the new meter's (from its initial register) from the exchange slot's end on.
     */
    public long registerAt(int i, long closedSlot, long energyUnits) {
        int x = exchanges.indexOfPoint(i);
        if (x < 0 || closedSlot < exchanges.slot(x)) {
            return registerAt(i, energyUnits);
        }
        return wrap(i, (energyUnits - exchanges.energyAtExchange(x)) / stepUnits(i) + exchanges.newInitial(x));
    }

    /** The 0xEB (export) register of point i's installed meter at the boundary closing {@code closedSlot}, now. */
    public long installedExportRegister(int i, long closedSlot) {
        int x = exchanges.indexOfPoint(i);
        if (x < 0 || closedSlot < exchanges.slot(x)) {
            return exportRegister(i);
        }
        return exportRegisterAt(i, exportUnits[i] - exchanges.exportAtExchange(x));
    }

    public SupplyPointId supplyPoint(int i) {
        StringBuilder sb = new StringBuilder(22);
        int area = config.area();
        sb.append(area < 10 ? "0" : "").append(area);
        String n = Long.toString(i + 1L);
        for (int k = n.length(); k < 20; k++) {
            sb.append('0');
        }
        return SupplyPointId.of(sb.append(n).toString());
    }

    public CommPath path(int i) {
        return CommPath.ofCode(path[i]);
    }

    public int pathCode(int i) {
        return path[i];
    }

    /** Concentrator / relay / border-router number within the meter's path, from 1. */
    public int source(int i) {
        return source[i];
    }

    public int sourceCount(CommPath p) {
        return sourcesPerPath[p.code()];
    }

    public int unitCode(int i) {
        return unitCode[i];
    }

    public int coefficient(int i) {
        return coefficient[i];
    }

    public int digits(int i) {
        return digits[i];
    }

    public OperatorCode retailer(int i) {
        return config.retailers().get(retailer[i]);
    }

    /** Exact cumulative energy the meter has measured so far, in 0.0001 kWh. */
    public long energyUnits(int i) {
        return energyUnits[i];
    }

    /** Adds energy (0.0001 kWh) to meter i. */
    public void addEnergy(int i, long units) {
        energyUnits[i] += units;
    }

    /**
     * The meter's register: whole register steps of (unit × coefficient) measured so far plus the meter's
     * starting value, wrapped at 10^digits. Sub-step energy stays inside the meter, as on a real register.
     */
    public long register(int i) {
        return registerAt(i, energyUnits[i]);
    }

    /** The register meter i shows after measuring {@code energyUnits} (0.0001 kWh) in total. */
    public long registerAt(int i, long energyUnits) {
        return wrap(i, energyUnits / stepUnits(i) + registerOffset[i]);
    }

    /** Energy (0.0001 kWh) of one register step of meter i: its unit's step × its coefficient. */
    private long stepUnits(int i) {
        return (long) EnergyUnit.ofCode(unitCode[i]).unitsPerStep() * coefficient[i];
    }

    /** Register steps as meter i shows them: wrapped at 10^digits. */
    private long wrap(int i, long steps) {
        return steps % Registers.modulus(digits[i]);
    }

    /** Columns of the master data {@link #writeMasterData} writes. */
    public static final List<String> MASTER_DATA_COLUMNS = List.of("supply_point_id", "meter_id", "retailer", "contract_amperes");

    /**
     * Writes the master data the MDMS loads: {@code supply_point_id,meter_id,retailer,contract_amperes}.
     */
    public void writeMasterData(Path file) throws IOException {
        writeCsv(file, MASTER_DATA_COLUMNS, size(), i -> List.of(supplyPoint(i).value(), Long.toString(meterId(i)),
                retailer(i).value(), Integer.toString(contractAmps(i))));
    }

    /**
     * Writes the planned meter exchanges ({@link #planExchanges}) in the CSV the MDMS reads ({@code --exchanges},
     * {@code MasterData#loadExchanges}) and the head-end reads ({@code HesConfig#exchanges}), {@link MeterExchangeFile}:
     * {@code supply_point_id,old_meter_id,old_final_register,new_meter_id,new_initial_register,exchanged_at}.
     * In the field the crew registers an exchange when it happens; the simulator is deterministic, so it knows
     * them before the run.
     */
    public void writeExchanges(Path file) throws IOException {
        writeCsv(file, MeterExchangeFile.COLUMNS, exchanges.size(), x -> {
            int i = exchanges.point(x);
            return List.of(supplyPoint(i).value(), Long.toString(meterId(i)), Long.toString(exchanges.oldFinal(x)),
                    Long.toString(exchanges.newMeterId(x)), Long.toString(exchanges.newInitial(x)),
                    Instant.ofEpochSecond(exchanges.atEpochSecond(x)).atOffset(Slots.JST).toString());
        });
    }

    /** Writes {@code columns} and rows {@code row(0) … row(rows − 1)} to {@code file}, creating its directory. */
    private static void writeCsv(Path file, List<String> columns, int rows, IntFunction<List<String>> row)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CsvTable.RowWriter csv = CsvTable.writer(w)) {
            csv.row(columns);
            for (int r = 0; r < rows; r++) {
                csv.row(row.apply(r));
            }
        }
    }
}
