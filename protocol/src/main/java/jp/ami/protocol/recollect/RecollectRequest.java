package jp.ami.protocol.recollect;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import jp.ami.model.CommPath;
import jp.ami.model.InvalidValueException;

/**
 * The head-end's re-collection request to one concentrator / relay / border router (our own design): "ask
 * these meters for their cumulative reading at these slot boundaries". All integers big-endian.
 *
 * <pre>
 * offset 0   magic 'R' 'Q' (0x52 0x51)
 *        2   version u8 (1 = boundary re-collection, 2 = bulk history pull)
 *        3   path u8 (CommPath code: 1 Wi-SUN, 2 PLC, 3 relay)
 *        4   sourceId u32 (the concentrator / relay / border router addressed)
 *        8   requestId u64 (head-end's sequence, for logs)
 *       16   count u16 (1–2048)
 *       18   count × { meterId u64 | boundaryEpochSecond u64 }     (16 bytes per item)
 * </pre>
 *
 * <p>Version 2, the next-day <em>bulk history pull</em> ({@link #history()}), has the same layout, but each item's
 * second field is the epoch second of a JST midnight: "send this meter's history of that day". The source asks
 * the meter with Set 0xE5 (day, in days ago on the meter's calendar) and Get 0xE2, and forwards the meter's one
 * sealed Get_Res 0x72 answer ({@link jp.ami.protocol.echonet.HistoryDayCodec}: 0xE2 = day u16 + 48 × u32 for
 * 00:00, 00:30 … 23:30, 0xFFFFFFFE = no data, with 0x98 the meter's current date to anchor "days ago") in an
 * ordinary batch frame, or a Get_SNA 0x52 when the meter cannot answer.
 *
 * For each item the source asks the meter over its own link with the ECHONET Lite history exchange (Set 0xED
 * "day/time for historical data 2" = the boundary, one segment; Get 0xEC) and forwards the meter's sealed answer
 * to the head-end in an ordinary batch frame ({@link jp.ami.protocol.batch.BatchFrame}) on the same path: an
 * ESV 0x72 Get_Res frame in the 30-minute reading layout ({@link jp.ami.protocol.echonet.MeterReadingEncoder},
 * 0xEA stamped with the requested boundary), or an ESV 0x52 Get_SNA frame when the meter cannot supply the value.
 * A meter that does not answer at all is simply absent; the head-end asks again in its next round.
 *
 * <p>Transport: on TCP the request travels as a length-prefixed frame on the source's own connection (server →
 * client, next to the acks); on CoAP the head-end POSTs it to {@code /recollect} on the border router's endpoint
 * (the address its batches come from), and the router answers 2.04 at once.
 */
public record RecollectRequest(CommPath path, long sourceId, long requestId, long[] meterIds, long[] boundaryEpochSeconds,
                               boolean history) {
    public static final int MAGIC_0 = 'R';
    public static final int MAGIC_1 = 'Q';
    public static final int VERSION = 1;
    /** Version byte of a bulk history pull: items are (meterId, JST midnight epoch second). */
    public static final int VERSION_HISTORY = 2;
    public static final long SECONDS_PER_DAY = 86_400;
    public static final int HEADER_LENGTH = 18;
    public static final int ITEM_LENGTH = 16;
    public static final int MAX_ITEMS = 2048;

    public RecollectRequest {
        Objects.requireNonNull(path, "path");
        if (sourceId < 0 || sourceId > 0xFFFF_FFFFL) {
            throw new InvalidValueException("sourceId", sourceId, "must fit in u32");
        }
        if (meterIds.length != boundaryEpochSeconds.length || meterIds.length < 1 || meterIds.length > MAX_ITEMS) {
            throw new InvalidValueException("count", meterIds.length, "must be 1–" + MAX_ITEMS + " matching items");
        }
        if (history) {
            for (long day : boundaryEpochSeconds) {
                if (Math.floorMod(day + 9 * 3600, SECONDS_PER_DAY) != 0) {
                    throw new InvalidValueException("historyDay", day, "must be a JST midnight");
                }
            }
        }
    }

    /** A boundary re-collection request (version 1). */
    public RecollectRequest(CommPath path, long sourceId, long requestId, long[] meterIds, long[] boundaryEpochSeconds) {
        this(path, sourceId, requestId, meterIds, boundaryEpochSeconds, false);
    }

    /** A bulk history pull (version 2): per meter, the JST day starting at {@code dayStartEpochSeconds[k]}. */
    public static RecollectRequest historyPull(CommPath path, long sourceId, long requestId, long[] meterIds,
                                           long[] dayStartEpochSeconds) {
        return new RecollectRequest(path, sourceId, requestId, meterIds, dayStartEpochSeconds, true);
    }

    public int count() {
        return meterIds.length;
    }

    public int encodedLength() {
        return HEADER_LENGTH + ITEM_LENGTH * meterIds.length;
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(encodedLength());
        b.put((byte) MAGIC_0).put((byte) MAGIC_1).put((byte) (history ? VERSION_HISTORY : VERSION)).put((byte) path.code()).putInt((int) sourceId)
                .putLong(requestId).putShort((short) meterIds.length);
        for (int i = 0; i < meterIds.length; i++) {
            b.putLong(meterIds[i]).putLong(boundaryEpochSeconds[i]);
        }
        return b.array();
    }

    /** Whether the remaining bytes start with the request magic (to tell a request from an ack on one stream). */
    public static boolean isRequest(ByteBuffer src) {
        return src.remaining() >= 2 && src.get(src.position()) == MAGIC_0 && src.get(src.position() + 1) == MAGIC_1;
    }

    /** Decodes exactly the remaining bytes of {@code src} (position unchanged); throws on any malformation. */
    public static RecollectRequest decode(ByteBuffer src) {
        int p = src.position();
        int len = src.remaining();
        if (len < HEADER_LENGTH) {
            throw new InvalidValueException("recollectLength", len, "must be at least " + HEADER_LENGTH);
        }
        if (!isRequest(src)) {
            throw new InvalidValueException("recollectMagic", src.get(p) + "," + src.get(p + 1), "must be 'RQ'");
        }
        int version = src.get(p + 2) & 0xFF;
        if (version != VERSION && version != VERSION_HISTORY) {
            throw new InvalidValueException("recollectVersion", version, "must be " + VERSION + " or " + VERSION_HISTORY);
        }
        CommPath path = CommPath.ofCode(src.get(p + 3) & 0xFF);
        long sourceId = src.getInt(p + 4) & 0xFFFF_FFFFL;
        long requestId = src.getLong(p + 8);
        int n = src.getShort(p + 16) & 0xFFFF;
        if (n < 1 || n > MAX_ITEMS || len != HEADER_LENGTH + n * ITEM_LENGTH) {
            throw new InvalidValueException("recollectCount", n, "must be 1–" + MAX_ITEMS + " and match the length " + len);
        }
        long[] meters = new long[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            meters[i] = src.getLong(p + HEADER_LENGTH + i * ITEM_LENGTH);
            times[i] = src.getLong(p + HEADER_LENGTH + i * ITEM_LENGTH + 8);
        }
        return new RecollectRequest(path, sourceId, requestId, meters, times, version == VERSION_HISTORY);
    }

    public static RecollectRequest decode(byte[] src) {
        return decode(ByteBuffer.wrap(src));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecollectRequest r && r.path == path && r.sourceId == sourceId && r.requestId == requestId
                && r.history == history && Arrays.equals(r.meterIds, meterIds) && Arrays.equals(r.boundaryEpochSeconds, boundaryEpochSeconds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, sourceId, requestId, history, Arrays.hashCode(meterIds), Arrays.hashCode(boundaryEpochSeconds));
    }

    @Override
    public String toString() {
        return (history ? "HistoryRequest[" : "RecollectRequest[") + path.key() + " source " + sourceId + " #" + requestId + ", " + meterIds.length + " items]";
    }
}
