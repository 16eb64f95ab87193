package jp.ami.bench.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import jp.ami.model.CommPath;

/**
 * The sealed batch frames of one slot boundary, built before the timed part of the end-to-end benchmark and
 * kept in a file (off the heap, so they neither count as resident bytes per point nor load the collector),
 * with a small on-heap index per batch: where its bytes are, its path and source, how many readings it holds
 * and when it is due at the head-end. {@link #seal()} orders the index by due time (then by write order, so one
 * source's batches keep their order).
 *
 * <p>File layout: the frames back to back, exactly as built (no headers; the index holds offset and length).
 * Appends come from several builder threads; each append is one positional write under the store's lock.
 */
final class FrameStore implements AutoCloseable {
    private final FileChannel file;
    private long size;
    private int count;
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private long[] due = new long[1024];
    private int[] source = new int[1024];
    private byte[] path = new byte[1024];
    private int[] readings = new int[1024];
    private int[] order;
    private long totalReadings;

    FrameStore(Path file) throws IOException {
        this.file = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Appends one frame ({@code frame}'s remaining bytes); thread-safe. */
    synchronized void append(CommPath p, int sourceId, long dueEpochSecond, ByteBuffer frame, int frameReadings) {
        if (order != null) {
            throw new IllegalStateException("sealed");
        }
        if (count == offsets.length) {
            int n = count * 2;
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            due = Arrays.copyOf(due, n);
            source = Arrays.copyOf(source, n);
            path = Arrays.copyOf(path, n);
            readings = Arrays.copyOf(readings, n);
        }
        int len = frame.remaining();
        long at = size;
        try {
            ByteBuffer b = frame.duplicate();
            long pos = at;
            while (b.hasRemaining()) {
                pos += file.write(b, pos);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        size += len;
        offsets[count] = at;
        lengths[count] = len;
        due[count] = dueEpochSecond;
        source[count] = sourceId;
        path[count] = (byte) p.code();
        readings[count] = frameReadings;
        totalReadings += frameReadings;
        count++;
    }

    /** Orders the batches by due time; no appends after this. */
    synchronized void seal() {
        Integer[] idx = new Integer[count];
        for (int i = 0; i < count; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> due[a] != due[b] ? Long.compare(due[a], due[b]) : Integer.compare(a, b));
        order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = idx[i];
        }
    }

    int batches() {
        return count;
    }

    long readings() {
        return totalReadings;
    }

    long bytes() {
        return size;
    }

    /** The k-th batch in due order: its frame bytes, read from the file. */
    byte[] frame(int k) throws IOException {
        int i = order[k];
        byte[] out = new byte[lengths[i]];
        ByteBuffer b = ByteBuffer.wrap(out);
        long pos = offsets[i];
        while (b.hasRemaining()) {
            int n = file.read(b, pos);
            if (n < 0) {
                throw new IOException("frame store truncated at " + pos);
            }
            pos += n;
        }
        return out;
    }

    CommPath path(int k) {
        return CommPath.ofCode(path[order[k]]);
    }

    int source(int k) {
        return source[order[k]];
    }

    long due(int k) {
        return due[order[k]];
    }

    int readingsIn(int k) {
        return readings[order[k]];
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
