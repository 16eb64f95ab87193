package jp.ami.mdms.values;

import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What {@link DayValues} and {@link DayRegisters} keep off the heap: one region of {@code longs} entries per key
 * (a slot index, an epoch day), in files of {@code regionsPerFile} regions that {@link Layout} names. A region is
 * mapped on first use (its file created and extended, sparse, when asked to) and stays mapped until
 * {@link #release}d; entries never written read 0. Used by one thread.
 */
final class MappedRegions {
    /** Where the region of a key lies. */
    interface Layout {
        /** The file holding the region of {@code key}. */
        Path file(long key);

        /** The place (0 … regionsPerFile − 1) of {@code key}'s region in its file. */
        int regionInFile(long key);
    }

    private final int longs;
    private final long regionBytes;
    private final int regionsPerFile;
    private final Layout layout;
    private final Map<Long, LongBuffer> regions = new HashMap<>();

    MappedRegions(Path dir, int longs, int regionsPerFile, Layout layout) {
        this.longs = longs;
        this.regionBytes = (long) longs * 8;
        this.regionsPerFile = regionsPerFile;
        this.layout = layout;
        MappedLongs.createDirectories(dir);
    }

    /** {@code dir/YYYYMMDD.extension}: the file of JST day {@code day}. */
    static Path dayFile(Path dir, LocalDate day, String extension) {
        return dir.resolve(String.format("%04d%02d%02d.%s", day.getYear(), day.getMonthValue(), day.getDayOfMonth(), extension));
    }

    /** Whether {@code key}'s region is mapped or its file exists. */
    boolean exists(long key) {
        return regions.containsKey(key) || Files.exists(layout.file(key));
    }

    /**
     * The region of {@code key}: the mapped one, else mapped now when its file exists or {@code create}; null when
     * it does not and not {@code create}, and always when regions hold no entries.
     */
    LongBuffer region(long key, boolean create) {
        LongBuffer b = regions.get(key);
        if (b != null || longs == 0) {
            return b;
        }
        Path file = layout.file(key);
        if (!create && !Files.exists(file)) {
            return null;
        }
        b = MappedLongs.map(file, regionBytes * regionsPerFile, layout.regionInFile(key) * regionBytes, regionBytes);
        regions.put(key, b);
        return b;
    }

    /** Entry {@code index} of {@code key}'s region; 0 when the region has no file. */
    long get(long key, int index) {
        LongBuffer b = region(key, false);
        return b == null ? 0 : b.get(index);
    }

    /** Writes entry {@code index} of {@code key}'s region, creating its file when needed. */
    void put(long key, int index, long value) {
        region(key, true).put(index, value);
    }

    /** Unmaps (lets go of) the regions of keys before {@code beforeKey}; their files stay. */
    void release(long beforeKey) {
        for (Iterator<Long> it = regions.keySet().iterator(); it.hasNext(); ) {
            if (it.next() < beforeKey) {
                it.remove();
            }
        }
    }

    /** Unmaps every region. */
    void clear() {
        regions.clear();
    }
}
