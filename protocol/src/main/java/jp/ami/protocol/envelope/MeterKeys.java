package jp.ami.protocol.envelope;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.ami.model.InvalidValueException;

/**
 * Per-meter AES-128 keys derived from a master key:
 * {@code key = first 16 bytes of HMAC-SHA256(masterKey, ASCII "ami-meter-key-v1" ‖ meterId u64 BE)}.
 *
 * <p>Thread-safe. Derived keys are kept in a small direct-mapped cache (by meter ID) so a meter's
 * frames arriving close together derive once; entries are immutable and replaced racily, which is safe.
 */
public final class MeterKeys {
    public static final int KEY_LENGTH = 16;
    private static final byte[] LABEL = "ami-meter-key-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int CACHE_SIZE = 4096;

    private final SecretKeySpec master;
    private final ThreadLocal<Mac> macs;
    private final Entry[] cache = new Entry[CACHE_SIZE];
    /** Optional dense key table for meters [denseFirst, denseFirst + denseCount): 16 bytes each, filled lazily. */
    private final long denseFirst;
    private final int denseCount;
    private final byte[] dense;
    /** Bit per dense meter: its 16 bytes are in place (set with release semantics after the bytes are written). */
    private final java.util.concurrent.atomic.AtomicLongArray denseReady;

    private record Entry(long meterId, SecretKeySpec key) {
    }

    /** @param masterKey at least 16 bytes; copied */
    public MeterKeys(byte[] masterKey) {
        if (masterKey == null || masterKey.length < 16) {
            throw new InvalidValueException("masterKey", masterKey == null ? null : masterKey.length + " bytes",
                    "must be at least 16 bytes");
        }
        this.master = new SecretKeySpec(masterKey.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.denseFirst = 0;
        this.denseCount = 0;
        this.dense = null;
        this.denseReady = null;
    }

    private MeterKeys(MeterKeys base, long first, int count) {
        this.master = base.master;
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.denseFirst = first;
        this.denseCount = count;
        this.dense = new byte[Math.multiplyExact(count, KEY_LENGTH)];
        this.denseReady = new java.util.concurrent.atomic.AtomicLongArray((count + 63) / 64);
    }

    /**
     * The same keys, with a dense table for the meters {@code [first, first + count)}: each meter's key is derived
     * once and then kept (16 bytes per meter, e.g. 464 MB for 29 million meters), so the head-end's per-frame cost
     * is a table lookup instead of an HMAC. Other meters use the small cache.
     */
    public MeterKeys withDenseCache(long first, int count) {
        if (count < 0 || count > Integer.MAX_VALUE / KEY_LENGTH) {
            throw new InvalidValueException("denseCount", count, "must be 0–" + Integer.MAX_VALUE / KEY_LENGTH);
        }
        return new MeterKeys(this, first, count);
    }

    /** From a hex string of at least 32 hex digits. */
    public static MeterKeys fromHex(String masterKeyHex) {
        try {
            return new MeterKeys(HexFormat.of().parseHex(masterKeyHex.strip()));
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidValueException ive) {
                throw ive;
            }
            throw new InvalidValueException("masterKey", "(hidden)", "must be hexadecimal");
        }
    }

    /** The meter's AES key, from the cache or freshly derived. */
    public SecretKeySpec keyFor(long meterId) {
        long d = meterId - denseFirst;
        if (dense != null && d >= 0 && d < denseCount) {
            int i = (int) d;
            long bit = 1L << (i & 63);
            if ((denseReady.get(i >>> 6) & bit) == 0) {
                byte[] k = derive(meterId);
                System.arraycopy(k, 0, dense, i * KEY_LENGTH, KEY_LENGTH);
                long w;
                do {
                    w = denseReady.get(i >>> 6);
                } while (!denseReady.compareAndSet(i >>> 6, w, w | bit));
                return new SecretKeySpec(k, "AES");
            }
            return new SecretKeySpec(dense, i * KEY_LENGTH, KEY_LENGTH, "AES");
        }
        int slot = (int) (mix(meterId) & (CACHE_SIZE - 1));
        Entry e = cache[slot];
        if (e != null && e.meterId == meterId) {
            return e.key;
        }
        SecretKeySpec key = new SecretKeySpec(derive(meterId), "AES");
        cache[slot] = new Entry(meterId, key);
        return key;
    }

    /**
     * Writes the meter's 16 key bytes to {@code dst[off, off + 16)}: from the dense table (no allocation once the
     * meter's key was derived), else from the small cache or freshly derived.
     */
    public void keyBytes(long meterId, byte[] dst, int off) {
        long d = meterId - denseFirst;
        if (dense != null && d >= 0 && d < denseCount) {
            int i = (int) d;
            if ((denseReady.get(i >>> 6) & (1L << (i & 63))) != 0) {
                System.arraycopy(dense, i * KEY_LENGTH, dst, off, KEY_LENGTH);
                return;
            }
        }
        byte[] k = keyFor(meterId).getEncoded();
        System.arraycopy(k, 0, dst, off, KEY_LENGTH);
    }

    /** The raw 16 key bytes for {@code meterId} (a new array). */
    public byte[] derive(long meterId) {
        Mac mac = macs.get();
        mac.update(LABEL);
        for (int shift = 56; shift >= 0; shift -= 8) {
            mac.update((byte) (meterId >>> shift));
        }
        return Arrays.copyOf(mac.doFinal(), KEY_LENGTH);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(master);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
