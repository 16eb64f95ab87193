package jp.ami.bench.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutations of valid inputs, in the manner of AFL/libFuzzer's havoc stage: 1–8 stacked edits drawn from bit flips,
 * random bytes, "interesting" values (0, −1, 0x7F, 0x80, 16- and 32-bit extremes, small lengths) at random offsets,
 * inserted, deleted and duplicated ranges, truncation, and splices with another corpus entry. Deterministic for a
 * seed: a crash found in a run is found again with the same {@code --seed}. Hand-written because no coverage-guided
 * fuzzer resolves here and jqwik generates values, not byte mutations; it is small and has one job. Not thread-safe.
 */
final class Mutator {
    private static final int[] INTERESTING_8 = {0, 1, 0x7F, 0x80, 0xFF, 0x10, 0x20, 0x40};
    private static final int[] INTERESTING_16 = {0, 0xFFFF, 0x7FFF, 0x8000, 0x0100, 0x00FF, 0x0400, 0x0800};
    private static final long[] INTERESTING_32 = {0, 0xFFFF_FFFFL, 0x7FFF_FFFFL, 0x8000_0000L, 0x0001_0000L, 0xFFFF_FFFEL};
    /** Inputs never grow beyond this (the largest frame the parsers take is 64 KiB). */
    static final int MAX_LENGTH = 70_000;

    private final SplittableRandom random;

    Mutator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A mutation of {@code input}; {@code corpus} supplies splice partners. */
    byte[] mutate(byte[] input, List<byte[]> corpus) {
        byte[] b = input.length == 0 ? new byte[]{(byte) random.nextInt(256)} : input.clone();
        int edits = 1 + Integer.numberOfTrailingZeros(random.nextInt() | 0x80); // 1 most often, up to 8
        for (int e = 0; e < edits; e++) {
            b = edit(b, corpus);
            if (b.length == 0) {
                return b;
            }
        }
        return b;
    }

    private byte[] edit(byte[] b, List<byte[]> corpus) {
        int n = b.length;
        switch (random.nextInt(11)) {
            case 0 -> b[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[random.nextInt(n)] = (byte) random.nextInt(256);
            case 2 -> b[random.nextInt(n)] = (byte) INTERESTING_8[random.nextInt(INTERESTING_8.length)];
            case 3 -> put(b, random.nextInt(n), INTERESTING_16[random.nextInt(INTERESTING_16.length)], 2);
            case 4 -> put(b, random.nextInt(n), INTERESTING_32[random.nextInt(INTERESTING_32.length)], 4);
            case 5 -> { // add or subtract a small number
                int i = random.nextInt(n);
                b[i] = (byte) (b[i] + random.nextInt(-16, 17));
            }
            case 6 -> { // insert random bytes
                if (n < MAX_LENGTH) {
                    int at = random.nextInt(n + 1);
                    int len = 1 + random.nextInt(Math.min(32, MAX_LENGTH - n));
                    byte[] out = new byte[n + len];
                    System.arraycopy(b, 0, out, 0, at);
                    for (int i = 0; i < len; i++) {
                        out[at + i] = (byte) random.nextInt(256);
                    }
                    System.arraycopy(b, at, out, at + len, n - at);
                    return out;
                }
            }
            case 7 -> { // delete a range
                int at = random.nextInt(n);
                int len = 1 + random.nextInt(Math.min(32, n - at));
                byte[] out = new byte[n - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, n - at - len);
                return out;
            }
            case 8 -> { // duplicate a range
                if (n < MAX_LENGTH / 2) {
                    int at = random.nextInt(n);
                    int len = 1 + random.nextInt(Math.min(64, n - at));
                    byte[] out = new byte[n + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, n - at);
                    return out;
                }
            }
            case 9 -> { // truncate
                return Arrays.copyOf(b, random.nextInt(n));
            }
            default -> { // splice: this input's head, another's tail
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                if (other.length > 0) {
                    int cut = random.nextInt(n + 1);
                    int from = random.nextInt(other.length);
                    int len = Math.min(other.length - from, MAX_LENGTH - cut);
                    byte[] out = Arrays.copyOf(b, cut + len);
                    System.arraycopy(other, from, out, cut, len);
                    return out;
                }
            }
        }
        return b;
    }

    /** Writes the low {@code width} bytes of {@code v} at {@code at}, big- or little-endian, as far as they fit. */
    private void put(byte[] b, int at, long v, int width) {
        boolean big = random.nextBoolean();
        for (int i = 0; i < width && at + i < b.length; i++) {
            int shift = 8 * (big ? width - 1 - i : i);
            b[at + i] = (byte) (v >>> shift);
        }
    }

    /** A uniformly random index below {@code bound}. */
    int below(int bound) {
        return random.nextInt(bound);
    }
}
