package jp.ami.bench.e2e.peer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a deterministic {@link PeerInput} for standalone peer runs: {@code meters} meters, each with readings at
 * {@code boundaries} consecutive 30-minute boundaries (so {@code boundaries - 1} slots), spread over {@code retailers}
 * retailers. Digits 6..9, coefficients 1/2/10/40/100, every 0xE1 unit code, about 1 % of meters wrap their register
 * in the first slot. Readings are written boundary by boundary in a scrambled meter order (not sorted by meter).
 *
 * <p>{@code java -cp ami-bench.jar:lib/* jp.ami.bench.e2e.peer.PeerInputGenerator <dir> <meters> [boundaries] [retailers] [seed]}
 */
public final class PeerInputGenerator {
    /** 2026-04-01T00:00+09:00 as a slot index: the default first slot. */
    public static final long DEFAULT_FIRST_SLOT = 1_774_969_200L / 1800;
    private static final int[] UNIT_CODES = {0x00, 0x01, 0x02, 0x03, 0x04, 0x0A, 0x0B, 0x0C, 0x0D};
    private static final int[] COEFFICIENTS = {1, 1, 1, 2, 10, 40, 100};
    private static final long ID_MULTIPLIER = 617_673_396_283L; // coprime to 10: a bijection mod 10^15; i * it fits a long for i < 10^7
    private static final long ID_MOD = 1_000_000_000_000_000L;

    private PeerInputGenerator() {}

    /** The supply point ID of meter number {@code i}: 22 digits, string order unrelated to meter order. */
    public static String supplyPointId(int i) {
        long scrambled = Math.floorMod((long) i * ID_MULTIPLIER, ID_MOD);
        String digits = Long.toString(scrambled);
        return "0300111" + "000000000000000".substring(digits.length()) + digits;
    }

    public static long meterId(int i) {
        return 100_000_001L + i;
    }

    public static PeerInput generate(Path dir, int meters, int boundaries, int retailers, long seed) throws IOException {
        return generate(dir, meters, boundaries, retailers, seed, DEFAULT_FIRST_SLOT);
    }

    public static PeerInput generate(Path dir, int meters, int boundaries, int retailers, long seed, long firstSlotIndex)
            throws IOException {
        if (meters < 1 || boundaries < 2 || retailers < 1) {
            throw new IllegalArgumentException("need meters ≥ 1, boundaries ≥ 2, retailers ≥ 1");
        }
        Files.createDirectories(dir);
        Path master = dir.resolve("master.csv");
        Path readings = dir.resolve("readings.csv");
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] digits = new int[meters];
        int[] coefficient = new int[meters];
        int[] unit = new int[meters];
        long[] register = new long[meters];
        try (BufferedWriter w = Files.newBufferedWriter(master, StandardCharsets.US_ASCII)) {
            w.write("supply_point_id,meter_id,retailer,contract_amperes\n");
            for (int i = 0; i < meters; i++) {
                digits[i] = 6 + rnd.nextInt(4);
                coefficient[i] = COEFFICIENTS[rnd.nextInt(COEFFICIENTS.length)];
                unit[i] = UNIT_CODES[rnd.nextInt(UNIT_CODES.length)];
                long mod = pow10(digits[i]);
                register[i] = rnd.nextInt(100) == 0 ? mod - 1 - rnd.nextInt(50) : rnd.nextLong(mod);
                String number = Integer.toString(1 + rnd.nextInt(retailers));
                String retailer = "R" + "0000".substring(Math.min(4, number.length())) + number;
                int amperes = 10 * (1 + rnd.nextInt(6));
                w.write(supplyPointId(i) + "," + meterId(i) + "," + retailer + "," + amperes + "\n");
            }
        }
        // a fixed scrambled order per boundary: i -> (i * step + offset) mod meters with gcd(step, meters) = 1
        long step = 1 + 2L * rnd.nextInt(1_000_000);
        while (gcd(step, meters) != 1) {
            step += 2;
        }
        StringBuilder line = new StringBuilder(96);
        try (BufferedWriter w = Files.newBufferedWriter(readings, StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            w.write("meter_id,boundary_epoch_second,register,coefficient,digits,unit_code\n");
            for (int b = 0; b < boundaries; b++) {
                long boundary = (firstSlotIndex + b) * 1800L;
                long offset = rnd.nextInt(meters);
                for (int k = 0; k < meters; k++) {
                    int i = (int) ((k * step + offset) % meters);
                    if (b > 0) {
                        register[i] = (register[i] + rnd.nextInt(1000)) % pow10(digits[i]);
                    }
                    line.setLength(0);
                    line.append(meterId(i)).append(',').append(boundary).append(',').append(register[i]).append(',')
                            .append(coefficient[i]).append(',').append(digits[i]).append(',').append(unit[i]).append('\n');
                    w.append(line);
                }
            }
        }
        return new PeerInput(master, readings, firstSlotIndex, firstSlotIndex + boundaries - 2);
    }

    private static long pow10(int digits) {
        long m = 1;
        for (int i = 0; i < digits; i++) {
            m *= 10;
        }
        return m;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: PeerInputGenerator <dir> <meters> [boundaries=2] [retailers=20] [seed=1]");
            System.exit(2);
        }
        PeerInput in = generate(Path.of(args[0]), Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 2,
                args.length > 3 ? Integer.parseInt(args[3]) : 20, args.length > 4 ? Long.parseLong(args[4]) : 1L);
        System.out.println(in);
    }
}
