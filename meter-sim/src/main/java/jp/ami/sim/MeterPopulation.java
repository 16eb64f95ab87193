package jp.ami.sim;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.ami.model.CommPath;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;

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
    private final long[] registerOffset;
    private final int[] sourcesPerPath = new int[4];

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
        registerOffset = new long[n];
        int[] perPath = new int[4];
        for (int i = 0; i < n; i++) {
            long h = Mix.mix(config.seed(), i);
            int draw = Mix.below(h, 1000);
            CommPath p = draw < config.wisunShare() ? CommPath.WISUN
                    : draw < config.wisunShare() + config.relayShare() ? CommPath.RELAY : CommPath.PLC;
            path[i] = (byte) p.code();
            int perSource = switch (p) {
                case WISUN -> config.wisunPerRouter();
                case PLC -> config.plcPerConcentrator();
                case RELAY -> config.relayPerStation();
            };
            source[i] = perPath[p.code()]++ / perSource + 1;
            long h2 = Mix.mix(h, 2);
            // Most household meters count in 0.01 kWh or 0.1 kWh with coefficient 1; a few CT meters have 40.
            int u = Mix.below(h2, 10);
            unitCode[i] = (byte) (u < 6 ? 0x02 : u < 9 ? 0x01 : 0x03);
            coefficient[i] = Mix.below(Mix.mix(h2, 3), 50) == 0 ? 40 : 1;
            digits[i] = (byte) (Mix.below(Mix.mix(h2, 4), 4) == 0 ? 6 : 8);
            retailer[i] = (short) Mix.below(Mix.mix(h, 5), config.retailers().size());
            registerOffset[i] = Mix.below(Mix.mix(h, 6), 1_000_000);
        }
        for (int p = 1; p <= 3; p++) {
            CommPath cp = CommPath.ofCode(p);
            int perSource = switch (cp) {
                case WISUN -> config.wisunPerRouter();
                case PLC -> config.plcPerConcentrator();
                case RELAY -> config.relayPerStation();
            };
            sourcesPerPath[p] = (perPath[p] + perSource - 1) / perSource;
        }
    }

    public SimConfig config() {
        return config;
    }

    public int size() {
        return path.length;
    }

    public long meterId(int i) {
        return config.firstMeterId() + i;
    }

    /** Dense index of a meter ID, or -1. */
    public int indexOf(long meterId) {
        long i = meterId - config.firstMeterId();
        return i >= 0 && i < path.length ? (int) i : -1;
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
        long stepUnits = (long) jp.ami.model.EnergyUnit.ofCode(unitCode[i]).unitsPerStep() * coefficient[i];
        long steps = energyUnits[i] / stepUnits + registerOffset[i];
        return steps % jp.ami.model.Registers.modulus(digits[i]);
    }

    /**
     * Writes the master data the MDMS loads: {@code supply_point_id,meter_id,retailer,contract_amperes}.
     */
    public void writeMasterData(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("supply_point_id,meter_id,retailer,contract_amperes\n");
            for (int i = 0; i < size(); i++) {
                int amps = 30 + 10 * Mix.below(Mix.mix(config.seed(), i, 7), 4);
                w.write(supplyPoint(i).value() + "," + meterId(i) + "," + retailer(i).value() + "," + amps + "\n");
            }
        }
    }
}
