package jp.ami.hes;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;
import jp.ami.protocol.batch.BatchReader;
import jp.ami.protocol.batch.BatchResult;
import jp.ami.protocol.echonet.DecodeResult;
import jp.ami.protocol.echonet.EchonetLite;
import jp.ami.protocol.echonet.HistoryDay;
import jp.ami.protocol.echonet.HistoryDayCodec;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingDecoder;
import jp.ami.protocol.envelope.Envelope;
import jp.ami.protocol.envelope.EnvelopeOpener;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.protocol.envelope.OpenResult;

/**
 * The ingest thread's checks of one batch: runs every envelope through the steps listed on {@link IngestPath}
 * (header, directory, replay window, tag, ECHONET Lite decode, {@code TOO_OLD}, one reading per boundary) and turns
 * the batch into its journal {@link #records()} and its counts (duplicates, rejects by reason), updating the
 * per-meter state as it goes under the state's undo log ({@link #rollback} when the journal append fails). A
 * rejected frame is logged (rate-limited, per reason).
 *
 * <p>The hot path: one loop over the envelopes with one call per envelope ({@code admit}), reused buffers and
 * primitive state, nothing allocated per frame. Not thread-safe: the ingest thread owns it.
 */
final class BatchChecker {
    /** Readings stamped longer ago than this (32 slots, the boundary window) on the head-end's clock are TOO_OLD. */
    static final long MAX_READING_AGE_SECONDS = (long) ReplayWindow.WIDTH * Slots.SECONDS_PER_SLOT;

    private final MeterDirectory directory;
    private final Clock clock;
    private final BatchReader reader = new BatchReader();
    private final EnvelopeOpener opener;
    private final MeterReading reading = new MeterReading();
    private final HistoryDay history = new HistoryDay();
    private final MissingHistory missing;
    private int historyFilled;
    private int historyNoData;
    private final ByteBuffer plaintext = ByteBuffer.allocate(Envelope.MAX_PAYLOAD);
    private final ReadingBatch batch = new ReadingBatch(256);
    /** Meter ID → dense index into {@link #state}. */
    private final MeterIndex meterIndex;
    /** Per meter (by dense index): replay window, 0xEA/0xEB boundary windows, learned route. */
    private final MeterStateTable state;
    private final CollectionTracker tracker;
    private final RateLimitedLog rejectLog;
    private final int[] rejectedInBatch = new int[RejectReason.values().length];
    private long currentRoute;
    private int currentRouteId;
    /** The current batch's pre-opened envelopes (null: open them here). */
    private PreOpened pre;
    private int duplicates;
    private int duplicateReadings;
    /** Set by {@link #admit}: the frame was dropped as a duplicate. */
    private boolean duplicate;
    /** Set by {@link #admit}: why the payload did not decode, for the log. */
    private DecodeResult lastDecode;

    BatchChecker(MeterDirectory directory, MeterKeys keys, Clock clock, MeterIndex meterIndex, MeterStateTable state,
                 CollectionTracker tracker, RateLimitedLog rejectLog, MissingHistory missing) {
        this.directory = directory;
        this.missing = missing;
        this.opener = new EnvelopeOpener(keys);
        this.clock = clock;
        this.meterIndex = meterIndex;
        this.state = state;
        this.tracker = tracker;
        this.rejectLog = rejectLog;
    }

    /**
     * Checks every envelope of {@code frame} (its AES-GCM results in {@code pre}, when the submitting thread opened
     * them), reading the clock once for the received time. Unless the batch structure is broken (then nothing is
     * checked or changed), the results are then in {@link #records()} and the counts until the next call.
     */
    BatchResult check(ByteBuffer frame, PreOpened pre) {
        this.pre = pre;
        try {
            BatchResult structure = reader.of(frame);
            if (structure != BatchResult.OK) {
                return structure;
            }
            CommPath path = reader.path();
            long receivedMillis = clock.millis();
            int duplicates = 0;
            duplicateReadings = 0;
            historyFilled = 0;
            historyNoData = 0;
            tracker.beginBatch();
            batch.clear();
            batch.source(path.code(), reader.sourceId()); // journaled with the batch: the value history's provenance
            state.beginBatch();
            currentRoute = Routes.of(path.code(), reader.sourceId());
            currentRouteId = state.routeId(currentRoute);
            Arrays.fill(rejectedInBatch, 0);

            while (reader.next()) {
                RejectReason reject = admit(path, receivedMillis, reader.visited() - 1);
                if (reject == null) {
                    if (duplicate) {
                        duplicates++;
                    }
                    continue;
                }
                rejectedInBatch[reject.ordinal()]++;
                rejectLog.warn(reject.ordinal(), "rejected frame from meter {} ({}): {}", opener.meterId(),
                        path.key(), reject == RejectReason.BAD_PAYLOAD || reject == RejectReason.BAD_HISTORY ? lastDecode : reject);
            }
            this.duplicates = duplicates;
            return BatchResult.OK;
        } finally {
            this.pre = null;
        }
    }

    /** The journal records of the checked batch (one per accepted reading, in batch order). */
    ReadingBatch records() {
        return batch;
    }

    /** Undoes the checked batch's changes to the per-meter state (its records were not journaled). */
    void rollback() {
        state.rollback();
    }

    CommPath path() {
        return reader.path();
    }

    long sourceId() {
        return reader.sourceId();
    }

    long batchSeq() {
        return reader.batchSeq();
    }

    /** The batch's route, {@code path << 32 | sourceId}. */
    long route() {
        return currentRoute;
    }

    /** Envelopes in the batch. */
    int envelopes() {
        return reader.count();
    }

    /** Frames dropped as duplicates: a counter already accepted, a Get_SNA, a boundary already journaled. */
    int duplicates() {
        return duplicates;
    }

    /** Of {@link #duplicates()}: second readings for a (meter, boundary) already journaled. */
    int duplicateReadings() {
        return duplicateReadings;
    }

    /** Of the checked batch's history answers: missing readings journaled from them. */
    int historyFilled() {
        return historyFilled;
    }

    /** Of the checked batch's history answers: missing boundaries they held no data for. */
    int historyNoData() {
        return historyNoData;
    }

    int rejected(RejectReason reason) {
        return rejectedInBatch[reason.ordinal()];
    }

    /**
     * Checks one envelope and, when good, adds its record to {@link #batch}.
     *
     * @return null when the frame was added or is a duplicate ({@link #duplicate} tells which), else the reason
     */
    private RejectReason admit(CommPath path, long receivedMillis, int index) {
        duplicate = false;
        OpenResult header = opener.parseHeader(reader.buffer(), reader.envelopeOffset(), reader.envelopeLength());
        switch (header) {
            case OK -> { }
            case BAD_VERSION -> {
                return RejectReason.BAD_VERSION;
            }
            case TOO_LARGE -> {
                return RejectReason.PAYLOAD_TOO_LARGE;
            }
            default -> {
                return RejectReason.MALFORMED_ENVELOPE;
            }
        }
        long meter = opener.meterId();
        if (!directory.isKnown(meter)) {
            return RejectReason.UNKNOWN_METER;
        }
        long counter = opener.frameCounter();
        int m = meterIndex.indexOrAdd(meter);
        state.ensure(m);
        long window = state.window(m);
        int seen = ReplayWindow.check(window, counter);
        if (seen == ReplayWindow.DUPLICATE) {
            duplicate = true;
            return null;
        }
        if (seen == ReplayWindow.STALE) {
            return RejectReason.STALE_COUNTER;
        }
        plaintext.clear();
        if (pre != null) {
            if (!pre.ok[index]) {
                return RejectReason.BAD_TAG;
            }
            plaintext.put(pre.plain, pre.offset[index], pre.length[index]);
        } else if (opener.open(plaintext) != OpenResult.OK) {
            return RejectReason.BAD_TAG;
        }
        plaintext.flip();
        lastDecode = MeterReadingDecoder.decode(plaintext, reading);
        if (lastDecode == DecodeResult.UNSUPPORTED_ESV && plaintext.remaining() >= EchonetLite.HEADER_LENGTH
                && (plaintext.get(10) & 0xFF) == EchonetLite.ESV_GET_SNA) {
            // an authentic "cannot supply" answer to a re-collection: counted, nothing to journal
            state.setWindow(m, ReplayWindow.mark(window, counter));
            tracker.getSna(meter);
            duplicate = true;
            return null;
        }
        if (lastDecode != DecodeResult.OK) {
            if (plaintext.remaining() >= EchonetLite.HEADER_LENGTH
                    && (plaintext.get(10) & 0xFF) == EchonetLite.ESV_GET_RES && HistoryDayCodec.carriesHistory(plaintext)) {
                return admitHistory(path, receivedMillis, meter, m, window, counter);
            }
            return RejectReason.BAD_PAYLOAD;
        }
        if (!coefficientFits(reading.coefficient())) {
            return RejectReason.BAD_PAYLOAD;
        }
        state.setWindow(m, ReplayWindow.mark(window, counter));
        long t = reading.readingEpochSecond();
        if (t < receivedMillis / 1000 - MAX_READING_AGE_SECONDS) {
            // older than the boundary window on our clock: a replayed recording (also for a meter we have no state for)
            return RejectReason.TOO_OLD;
        }
        if (Slots.isBoundary(t)) {
            // one reading per (meter, boundary): a late INF after a re-collection, or a second answer, is dropped
            long boundary = t / Slots.SECONDS_PER_SLOT;
            int direction = reading.direction().code();
            long bw = state.boundary(m, direction);
            int seenBoundary = ReplayWindow.check(bw, boundary);
            if (seenBoundary == ReplayWindow.DUPLICATE) {
                duplicate = true;
                duplicateReadings++;
                return null;
            }
            if (seenBoundary == ReplayWindow.STALE) {
                return RejectReason.TOO_OLD;
            }
            state.setBoundary(m, direction, ReplayWindow.mark(bw, boundary));
        }
        state.setRoute(m, currentRouteId);
        int flags = reading.esv() == EchonetLite.ESV_GET_RES ? ReadingBatch.FLAG_RECOLLECTED : 0;
        batch.add(meter, reading.readingEpochSecond(), reading.register(), receivedMillis, (int) reading.coefficient(),
                counter, reading.unitCode(), reading.digits(), path.code(), reading.direction().code(), flags);
        return null;
    }

    /**
     * Start-up only: takes the per-meter state a journaled batch left — each record's frame counter into the meter's
     * counter window, its boundary (not a day-history one older than the window) into the boundary window, the
     * batch's source ({@code route}, 0 when the document has none) as the meter's route — as {@link #admit} did when the batch arrived, so that after a restart a
     * resend or a replayed frame is a duplicate and re-collection does not ask for what is journaled. Records older
     * than the boundary window ({@link #MAX_READING_AGE_SECONDS} before {@code nowSecond}) and unknown meters are
     * passed over.
     *
     * @return the records taken
     */
    int restore(ReadingBatch journaled, long route, long nowSecond) {
        state.beginBatch(); // nothing to roll back: keep the undo log empty
        int routeId = route == 0 ? 0 : state.routeId(route);
        int taken = 0;
        for (int i = 0; i < journaled.size(); i++) {
            long meter = journaled.meterId(i);
            long t = journaled.readingEpochSecond(i);
            if (t < nowSecond - MAX_READING_AGE_SECONDS || !directory.isKnown(meter)) {
                continue;
            }
            int m = meterIndex.indexOrAdd(meter);
            state.ensure(m);
            long window = state.window(m);
            long counter = journaled.frameCounter(i);
            if (ReplayWindow.check(window, counter) == ReplayWindow.NEW) {
                state.setWindow(m, ReplayWindow.mark(window, counter));
            }
            if (Slots.isBoundary(t)) {
                int direction = journaled.direction(i);
                long bw = state.boundary(m, direction);
                long boundary = t / Slots.SECONDS_PER_SLOT;
                if (ReplayWindow.check(bw, boundary) == ReplayWindow.NEW) {
                    state.setBoundary(m, direction, ReplayWindow.mark(bw, boundary));
                }
            }
            if (routeId != 0) {
                state.setRoute(m, routeId);
            }
            taken++;
        }
        state.beginBatch();
        return taken;
    }

    /** Whether a decoded 0xD3 fits the journal's i32 coefficient; when not, the decode result becomes BAD_PROPERTY. */
    private boolean coefficientFits(long coefficient) {
        if (coefficient > Integer.MAX_VALUE) {
            lastDecode = DecodeResult.BAD_PROPERTY;
            return false;
        }
        return true;
    }

    /**
     * A bulk history answer (0xE2, one day) from an authentic frame: journals each of the day's boundaries the meter
     * still misses ({@link MissingHistory}) and has data for, flags re-collected | history; every other value (a
     * reading already journaled, a boundary never missed) is not copied again.
     */
    private RejectReason admitHistory(CommPath path, long receivedMillis, long meter, int m, long window, long counter) {
        lastDecode = HistoryDayCodec.decode(plaintext, history);
        if (lastDecode != DecodeResult.OK) {
            return RejectReason.BAD_HISTORY;
        }
        if (!coefficientFits(history.coefficient())) {
            return RejectReason.BAD_HISTORY;
        }
        state.setWindow(m, ReplayWindow.mark(window, counter));
        long day = history.dayStartEpochSecond();
        long mask = missing.mask(meter, day);
        long now = receivedMillis / 1000;
        int added = 0;
        for (int k = 0; mask != 0 && k < HistoryDay.VALUES; k++, mask >>>= 1) {
            if ((mask & 1) == 0) {
                continue;
            }
            long t = history.boundaryEpochSecond(k);
            long v = history.value(k);
            if (v == EchonetLite.HISTORY_NO_DATA || t > now) {
                historyNoData++;
                continue;
            }
            if (t >= now - MAX_READING_AGE_SECONDS) {
                // still inside the meter's boundary window: keep it exact-once against a late push
                long boundary = t / Slots.SECONDS_PER_SLOT;
                long bw = state.boundary(m, ReadingBatch.DIRECTION_NORMAL);
                int seen = ReplayWindow.check(bw, boundary);
                if (seen == ReplayWindow.DUPLICATE) {
                    missing.fill(meter, t);
                    continue;
                }
                if (seen == ReplayWindow.NEW) {
                    state.setBoundary(m, ReadingBatch.DIRECTION_NORMAL, ReplayWindow.mark(bw, boundary));
                }
            }
            missing.fill(meter, t);
            batch.add(meter, t, v, receivedMillis, (int) history.coefficient(), counter, history.unitCode(),
                    history.digits(), path.code(), ReadingBatch.DIRECTION_NORMAL,
                    ReadingBatch.FLAG_RECOLLECTED | ReadingBatch.FLAG_HISTORY);
            added++;
        }
        historyFilled += added;
        if (added == 0) {
            duplicate = true; // an authentic answer with nothing left to fill
        }
        state.setRoute(m, currentRouteId);
        return null;
    }
}
