package jp.ami.journal;

import java.util.Arrays;

/**
 * A reusable batch of fixed-layout reading records, held as parallel primitive arrays (no object per
 * reading). One batch is written as one journal document: a concentrator batch is one journal write.
 *
 * <p>Record layout inside a journal document (little-endian; encoded into a reused array and written with one
 * call per batch):
 * <pre>
 * document := count i32 | [source] | count × record
 *   count     bit 31 set: a source header follows (the record count is bits 0–30); clear: no header (documents
 *             written before the header existed, or a batch without a source) — both read the same
 * source (8 bytes, only when count bit 31 is set):
 *   0  sourceId            u32   concentrator / border router / relay that sent the batch frame
 *   4  sourcePath          u8    CommPath code of that source (1 Wi-SUN, 2 PLC, 3 1:N relay)
 *   5  reserved            3 bytes, zero
 * record (48 bytes):
 *   0  meterId             i64   A-route meter ID
 *   8  readingEpochSecond  i64   the reading's fixed time (0xEA/0xEB), epoch seconds
 *  16  register            i64   cumulative register value (u32 on the wire)
 *  24  receivedEpochMillis i64   head-end receive time, on the head-end's clock
 *  32  coefficient         i32   0xD3 (1 when absent)
 *  36  frameCounter        i32   envelope frame counter (u32, read back unsigned)
 *  40  unitCode            u8    0xE1
 *  41  digits              u8    0xD7 effective digits
 *  42  path                u8    CommPath code (1 Wi-SUN, 2 PLC, 3 1:N relay)
 *  43  direction           u8    0 normal (0xEA), 1 reverse (0xEB)
 *  44  flags               u8    bit 0: re-collected, bit 1: from the day history (bulk pull)
 *  45  reserved            3 bytes, zero
 * </pre>
 */
public final class ReadingBatch {
    /** Bytes per record in a journal document. */
    public static final int RECORD_BYTES = 48;
    /** Flag bit: the reading was re-collected by the head-end rather than pushed. */
    public static final int FLAG_RECOLLECTED = 1;
    /**
     * Flag bit 1: the reading came from the meter's day history (0xE2) in the next-day bulk pull, always together
     * with {@link #FLAG_RECOLLECTED}; it fills a boundary that was still missing at the MDMS cut-off, so it usually
     * arrives after an estimate and revises it.
     */
    public static final int FLAG_HISTORY = 2;
    public static final int DIRECTION_NORMAL = 0;
    public static final int DIRECTION_REVERSE = 1;
    /** Bit of the count word telling that the 8-byte source header follows. */
    static final int COUNT_HAS_SOURCE = 0x8000_0000;
    /** Bytes of the source header. */
    public static final int SOURCE_BYTES = 8;

    /** Batch-level source: the CommPath code (0 = none) and the source ID (u32). */
    private int sourcePath;
    private long sourceId;
    /** Chronicle index of the document this batch was read from (0 when not read from the journal). */
    private long documentIndex;

    private int size;
    // one array per field, all of the same length: resize() is their only allocation
    private long[] meterId = {};
    private long[] readingEpochSecond = {};
    private long[] register = {};
    private long[] receivedEpochMillis = {};
    private int[] coefficient = {};
    private long[] frameCounter = {};
    private byte[] unitCode = {};
    private byte[] digits = {};
    private byte[] path = {};
    private byte[] direction = {};
    private byte[] flags = {};

    public ReadingBatch() {
        this(256);
    }

    public ReadingBatch(int initialCapacity) {
        resize(Math.max(1, initialCapacity));
    }

    private void ensureCapacity(int capacity) {
        if (capacity > meterId.length) {
            resize(Math.max(capacity, meterId.length * 2));
        }
    }

    /** Every field's array at length {@code n}, the records kept. */
    private void resize(int n) {
        meterId = Arrays.copyOf(meterId, n);
        readingEpochSecond = Arrays.copyOf(readingEpochSecond, n);
        register = Arrays.copyOf(register, n);
        receivedEpochMillis = Arrays.copyOf(receivedEpochMillis, n);
        coefficient = Arrays.copyOf(coefficient, n);
        frameCounter = Arrays.copyOf(frameCounter, n);
        unitCode = Arrays.copyOf(unitCode, n);
        digits = Arrays.copyOf(digits, n);
        path = Arrays.copyOf(path, n);
        direction = Arrays.copyOf(direction, n);
        flags = Arrays.copyOf(flags, n);
    }

    public void clear() {
        size = 0;
        sourcePath = 0;
        sourceId = 0;
        documentIndex = 0;
    }

    /**
     * Sets the batch-level source: the concentrator / border router / relay whose batch frame this is, on path
     * {@code pathCode} (CommPath code, 0 = no source). Kept until {@link #clear}.
     */
    public void source(int pathCode, long sourceId) {
        if (pathCode < 0 || pathCode > 0xFF) {
            throw new IllegalArgumentException("path code " + pathCode + " is not a u8");
        }
        this.sourcePath = pathCode;
        this.sourceId = sourceId & 0xFFFF_FFFFL;
    }

    /** CommPath code of the batch's source, 0 when the document carries none. */
    public int sourcePath() {
        return sourcePath;
    }

    /** ID (u32) of the batch's source, 0 when the document carries none. */
    public long sourceId() {
        return sourceId;
    }

    /**
     * Position of the journal document this batch was read from: the Chronicle index, or the Kafka offset (0 when it was
     * not read from a journal).
     */
    public long documentIndex() {
        return documentIndex;
    }

    /** Set by a {@link ReadingLogReader} after reading the document at {@code index}. */
    public void documentIndex(long index) {
        this.documentIndex = index;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Appends a copy of record {@code i} of {@code other}; returns its position in this batch. */
    public int addFrom(ReadingBatch other, int i) {
        return add(other.meterId[i], other.readingEpochSecond[i], other.register[i], other.receivedEpochMillis[i],
                other.coefficient[i], other.frameCounter[i], other.unitCode[i], other.digits[i], other.path[i],
                other.direction[i], other.flags[i]);
    }

    /** Appends a record; returns its position in the batch. */
    public int add(long meterId, long readingEpochSecond, long register, long receivedEpochMillis,
                   int coefficient, long frameCounter, int unitCode, int digits, int path, int direction, int flags) {
        ensureCapacity(size + 1);
        int i = size++;
        this.meterId[i] = meterId;
        this.readingEpochSecond[i] = readingEpochSecond;
        this.register[i] = register;
        this.receivedEpochMillis[i] = receivedEpochMillis;
        this.coefficient[i] = coefficient;
        this.frameCounter[i] = frameCounter;
        this.unitCode[i] = (byte) unitCode;
        this.digits[i] = (byte) digits;
        this.path[i] = (byte) path;
        this.direction[i] = (byte) direction;
        this.flags[i] = (byte) flags;
        return i;
    }

    /** Drops the last record (used when a record is added and then found invalid). */
    public void removeLast() {
        if (size > 0) {
            size--;
        }
    }

    public long meterId(int i) {
        return meterId[check(i)];
    }

    public long readingEpochSecond(int i) {
        return readingEpochSecond[check(i)];
    }

    public long register(int i) {
        return register[check(i)];
    }

    public long receivedEpochMillis(int i) {
        return receivedEpochMillis[check(i)];
    }

    public int coefficient(int i) {
        return coefficient[check(i)];
    }

    public long frameCounter(int i) {
        return frameCounter[check(i)];
    }

    public int unitCode(int i) {
        return unitCode[check(i)] & 0xFF;
    }

    public int digits(int i) {
        return digits[check(i)] & 0xFF;
    }

    public int path(int i) {
        return path[check(i)] & 0xFF;
    }

    public int direction(int i) {
        return direction[check(i)] & 0xFF;
    }

    public int flags(int i) {
        return flags[check(i)] & 0xFF;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("record " + i + " of " + size);
        }
        return i;
    }

    /** The encoded records of the last write or read, reused: one Chronicle call per batch instead of one per field. */
    private byte[] wire = new byte[0];

    private java.nio.ByteBuffer wire(int bytes) {
        if (wire.length < bytes) {
            wire = new byte[Math.max(bytes, wire.length * 2)];
        }
        return java.nio.ByteBuffer.wrap(wire, 0, bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    void writeTo(net.openhft.chronicle.bytes.Bytes<?> bytes) {
        int length = encode();
        bytes.write(wire, 0, length);
    }

    /** The batch as one journal document (the layout above), in a new array: a log whose client keeps the bytes. */
    public byte[] toBytes() {
        int length = encode(); // may grow the array: read the field after
        return Arrays.copyOf(wire, length);
    }

    /**
     * Reads one document in the layout above from {@code document} into this batch; returns false (batch left empty)
     * when it is not a reading batch. Sets no {@link #documentIndex()}.
     */
    public boolean readFrom(byte[] document) {
        return readFrom(net.openhft.chronicle.bytes.Bytes.wrapForRead(document));
    }

    /** Encodes into {@link #wire}; returns the length. */
    private int encode() {
        boolean hasSource = sourcePath != 0;
        int length = 4 + (hasSource ? SOURCE_BYTES : 0) + size * RECORD_BYTES;
        java.nio.ByteBuffer b = wire(length);
        if (hasSource) {
            b.putInt(size | COUNT_HAS_SOURCE);
            b.putInt((int) sourceId);
            b.put((byte) sourcePath);
            b.put((byte) 0);
            b.put((byte) 0);
            b.put((byte) 0);
        } else {
            b.putInt(size);
        }
        for (int i = 0; i < size; i++) {
            b.putLong(meterId[i]);
            b.putLong(readingEpochSecond[i]);
            b.putLong(register[i]);
            b.putLong(receivedEpochMillis[i]);
            b.putInt(coefficient[i]);
            b.putInt((int) frameCounter[i]);
            b.put(unitCode[i]);
            b.put(digits[i]);
            b.put(path[i]);
            b.put(direction[i]);
            b.put(flags[i]);
            b.put((byte) 0);
            b.put((byte) 0);
            b.put((byte) 0);
        }
        return length;
    }

    /** Reads one document into this batch; returns false (batch left empty) when the document is not a reading batch. */
    boolean readFrom(net.openhft.chronicle.bytes.Bytes<?> bytes) {
        clear();
        long remaining = bytes.readRemaining();
        if (remaining < 4) {
            return false;
        }
        bytes.read(wire(4).array(), 0, 4);
        int word = wire(4).getInt();
        int count = word & ~COUNT_HAS_SOURCE;
        remaining -= 4;
        if ((word & COUNT_HAS_SOURCE) != 0) {
            if (remaining < SOURCE_BYTES) {
                return false;
            }
            bytes.read(wire(SOURCE_BYTES).array(), 0, SOURCE_BYTES);
            java.nio.ByteBuffer h = wire(SOURCE_BYTES);
            long id = h.getInt() & 0xFFFF_FFFFL;
            int path = h.get() & 0xFF;
            remaining -= SOURCE_BYTES;
            if (remaining < (long) count * RECORD_BYTES) {
                return false;
            }
            sourceId = id;
            sourcePath = path;
        } else if (remaining < (long) count * RECORD_BYTES) {
            return false;
        }
        ensureCapacity(count);
        int length = count * RECORD_BYTES;
        java.nio.ByteBuffer b = wire(length);
        bytes.read(wire, 0, length);
        for (int i = 0; i < count; i++) {
            meterId[i] = b.getLong();
            readingEpochSecond[i] = b.getLong();
            register[i] = b.getLong();
            receivedEpochMillis[i] = b.getLong();
            coefficient[i] = b.getInt();
            frameCounter[i] = b.getInt() & 0xFFFF_FFFFL;
            unitCode[i] = b.get();
            digits[i] = b.get();
            path[i] = b.get();
            direction[i] = b.get();
            flags[i] = b.get();
            b.position(b.position() + 3);
        }
        size = count;
        return true;
    }
}
