package jp.ami.hes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the journal's file system has room for the next append. The journal is memory-mapped: a write into a page
 * the file system cannot back (a full disk or tmpfs) would kill the process with SIGBUS, after batches were already
 * acknowledged. So the ingest thread asks before each append; below {@code minFreeBytes} the batch is refused with
 * {@code OVERLOADED_RETRY} (the meters keep their readings and resend) until space returns. The free space is read
 * at most every {@value #RECHECK_MILLIS} ms (on the ingest thread; {@code getUsableSpace} is a system call).
 * Ingest thread only, except {@link #lastFreeBytes()} (for metrics).
 */
public final class JournalSpace {
    /** The free space of a file system, in bytes. */
    @FunctionalInterface
    public interface Probe {
        long usableBytes() throws IOException;
    }

    /** Default floor: a few of Chronicle's mapped chunks beyond the current one. */
    public static final long DEFAULT_MIN_FREE_BYTES = 256L << 20;
    static final long RECHECK_MILLIS = 50;

    private final Probe probe;
    private final long minFreeBytes;
    private long checkedAtNanos;
    private boolean checked;
    private volatile long freeBytes = Long.MAX_VALUE;

    public JournalSpace(Probe probe, long minFreeBytes) {
        this.probe = probe;
        this.minFreeBytes = minFreeBytes;
    }

    /** The file system holding {@code journalDir}. */
    public static JournalSpace of(Path journalDir, long minFreeBytes) {
        return new JournalSpace(() -> Files.getFileStore(journalDir).getUsableSpace(), minFreeBytes);
    }

    /** Whether an append may go ahead: the last reading of the free space is at least the floor. */
    public boolean hasRoom() {
        long now = System.nanoTime();
        if (!checked || now - checkedAtNanos >= RECHECK_MILLIS * 1_000_000L) {
            checked = true;
            checkedAtNanos = now;
            try {
                freeBytes = probe.usableBytes();
            } catch (IOException e) {
                freeBytes = 0; // cannot tell: do not risk a write the disk cannot hold
            }
        }
        return freeBytes >= minFreeBytes;
    }

    /** The free space last read, in bytes ({@link Long#MAX_VALUE} before the first check). */
    public long lastFreeBytes() {
        return freeBytes;
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }
}
