package jp.ami.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jp.ami.model.CommPath;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slots;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.BatchFrame;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.protocol.recollect.RecollectRequest;
import org.junit.jupiter.api.Test;

/**
 * Same seed ⇒ same frames, byte for byte: every batch the simulator sends (with every fault, PV, meter exchanges,
 * resends after failed attempts, re-collection answers) and every batch {@link MeterSimulator#buildBoundary} builds is
 * digested; the digests were taken from the simulator before it was split into its parts, so any change to the data
 * layout, the random-number sequence or the batching shows here first. A legitimate change of the wire format or of
 * the fault model changes them too: then take the new values from the failure message.
 */
class SimulatorReproducibilityTest {
    static final MeterKeys KEYS = new MeterKeys(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
    static final SimConfig CONFIG = new SimConfig(300, 7L, 5_000_001L, 3, SimConfig.DEFAULT_RETAILERS, 500, 250, 60, 30, 40, 200);
    static final FaultConfig FAULTS = new FaultConfig(0.05, 0.05, 0.05, 0.05, 0.03, 0.03, 0.05, 0.05, 0.05, 0.1, 0.3, 0.3, 0.1);
    static final long FIRST = Slots.index(LocalDate.of(2026, 11, 22), 21);

    static final String SENT_DIGEST = "029acd18ddab71f0f8bb8cc3b931d98b3b027d91beecc83f89ecdc545c65d91c";
    static final String FILES_DIGEST = "c1b3297158a7c027cb29291e7d6daf377f48e19e37492d10b48ee3d336ab615b";
    static final String BUILT_DIGEST = "8146e03431b20c02975c5240e7a29698ff4bc823bdf65582247fe30d0508ba20";

    /** Acks every batch, except that some attempts are refused or fail (by batch sequence and attempt). */
    static final class RecordingTransport implements BatchTransport {
        final Map<Long, byte[]> frames = new ConcurrentHashMap<>();
        final Map<Long, String> sources = new ConcurrentHashMap<>();
        final Map<Long, Integer> attempts = new ConcurrentHashMap<>();
        final Map<Long, Boolean> acked = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<AckFrame> send(CommPath path, int sourceId, long batchSeq, byte[] frame) {
            byte[] before = frames.putIfAbsent(batchSeq, frame.clone());
            assertThat(before == null ? frame : before).as("a resend carries the same bytes").isEqualTo(frame);
            sources.put(batchSeq, path.key() + "/" + sourceId);
            int attempt = attempts.merge(batchSeq, 1, Integer::sum);
            if (attempt == 1 && batchSeq % 7 == 3) {
                return CompletableFuture.completedFuture(AckFrame.overloaded(batchSeq));
            }
            if (attempt <= 2 && batchSeq % 11 == 5) {
                return CompletableFuture.failedFuture(new IllegalStateException("lost ack"));
            }
            acked.put(batchSeq, true);
            int count = ByteBuffer.wrap(frame).getShort(BatchFrame.OFFSET_COUNT) & 0xFFFF;
            return CompletableFuture.completedFuture(AckFrame.journaled(batchSeq, count, 0, 0));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void the_same_seed_sends_the_same_frames_faults_resends_and_answers() throws Exception {
        RecordingTransport tcp = new RecordingTransport();
        RecordingTransport coap = new RecordingTransport();
        MeterPopulation population = new MeterPopulation(CONFIG);
        population.planExchanges(FAULTS.exchange(), FIRST, 2);
        SimulatedClock clock = SimulatedClock.paused(Slots.start(FIRST), 1_000_000);
        try (MeterSimulator sim = new MeterSimulator(population, KEYS, tcp, coap, clock, ArrivalDelays.defaults(CONFIG.seed()),
                FAULTS)) {
            sim.sendOpeningReadings(FIRST).get(30, TimeUnit.SECONDS);
            sim.sendSlot(FIRST).get(30, TimeUnit.SECONDS);
            sim.sendSlot(FIRST + 1).get(30, TimeUnit.SECONDS);
            long lastSlotSeq = Math.max(maxSeq(tcp), maxSeq(coap));

            clock.advanceTo(Slots.start(FIRST + 2).plusSeconds(600));
            List<RecollectRequest> requests = recollectRequests(population);
            for (RecollectRequest r : requests) {
                sim.recollect(r);
            }
            int items = requests.stream().mapToInt(RecollectRequest::count).sum();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.stats().recollectItems() == items
                    && answerBatches(tcp, lastSlotSeq) + answerBatches(coap, lastSlotSeq) == requests.size()
                    && tcp.acked.size() == tcp.frames.size() && coap.acked.size() == coap.frames.size());

            StringBuilder summary = new StringBuilder();
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            digest(d, tcp, summary);
            digest(d, coap, summary);
            summary.append(sim.stats().snapshot()).append(' ').append(sim.stats().faults()).append(" recollect ")
                    .append(sim.stats().recollectItems()).append('/').append(sim.stats().recollectGetRes()).append('/')
                    .append(sim.stats().recollectGetSna()).append(" last arrival ").append(sim.lastArrival(FIRST));
            d.update(summary.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(sim.stats().faults()).containsKeys("loss", "dup", "reorder", "late", "corrupt", "tamper", "replay",
                    "unknown_meter", "wrong_key", "clock_skew", "outage", "exchange");
            assertThat(sim.stats().recollectGetRes()).isPositive();
            assertThat(sim.stats().recollectGetSna()).isPositive();
            assertThat(HexFormat.of().formatHex(d.digest())).as(summary.toString()).isEqualTo(SENT_DIGEST);
        }
    }

    @Test
    void the_same_seed_builds_the_same_batches_ahead() throws Exception {
        MeterPopulation population = new MeterPopulation(CONFIG);
        population.planExchanges(0.1, FIRST, 2);
        SimulatedClock clock = SimulatedClock.paused(Slots.start(FIRST), 1_000_000);
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        StringBuilder summary = new StringBuilder();
        try (MeterSimulator sim = new MeterSimulator(population, KEYS, null, null, clock, ArrivalDelays.defaults(CONFIG.seed()))) {
            MeterSimulator.BatchSink sink = (path, sourceId, due, frame, readings) -> {
                byte[] bytes = new byte[frame.remaining()];
                frame.duplicate().get(bytes);
                d.update(bytes);
                d.update((path.key() + "/" + sourceId + "@" + due + "#" + readings).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            };
            long[] progress = {0};
            for (long s = FIRST - 1; s <= FIRST + 1; s++) {
                MeterSimulator.DryRun r = sim.buildBoundary(s, s >= FIRST, 1, n -> progress[0] += n, sink);
                summary.append(r.meters()).append(' ').append(r.frames()).append(' ').append(r.batches()).append(' ')
                        .append(r.bytes()).append("; ");
            }
            MeterSimulator.DryRun dry = sim.dryRunSlot(FIRST + 2, 2, null);
            summary.append(dry.meters()).append(' ').append(dry.frames()).append(' ').append(dry.batches()).append(' ')
                    .append(dry.bytes()).append(" progress ").append(progress[0]).append(' ').append(sim.stats().snapshot());
            long registers = 0;
            for (int i = 0; i < population.size(); i++) {
                registers += population.register(i) + population.exportUnits(i);
            }
            summary.append(" registers ").append(registers);
        }
        d.update(summary.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(d.digest())).as(summary.toString()).isEqualTo(BUILT_DIGEST);
    }

    @Test
    void the_same_seed_writes_the_same_master_data_and_exchanges(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        MeterPopulation population = new MeterPopulation(CONFIG);
        population.planExchanges(0.2, FIRST, 4);
        population.writeMasterData(dir.resolve("a/master.csv"));
        population.writeExchanges(dir.resolve("b/exchanges.csv"));
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(java.nio.file.Files.readAllBytes(dir.resolve("a/master.csv")));
        d.update(java.nio.file.Files.readAllBytes(dir.resolve("b/exchanges.csv")));
        assertThat(HexFormat.of().formatHex(d.digest())).isEqualTo(FILES_DIGEST);
        assertThat(jp.ami.model.MeterExchangeFile.read(dir.resolve("b/exchanges.csv"))).hasSize(population.exchanges().size());
    }

    /**
     * Requests that reach every branch of an answer: own meters at boundaries inside and outside the history, a
     * non-boundary instant, another source's meter, an unknown meter, and exchanged points' old and new meters on both
     * sides of their exchange.
     */
    static List<RecollectRequest> recollectRequests(MeterPopulation m) {
        List<RecollectRequest> out = new ArrayList<>();
        MeterExchanges x = m.exchanges();
        long id = 1;
        for (CommPath path : CommPath.values()) {
            for (int source = 1; source <= Math.min(2, m.sourceCount(path)); source++) {
                List<long[]> items = new ArrayList<>();
                for (int i = 0; i < m.size(); i++) {
                    if (m.path(i) != path || m.source(i) != source) {
                        continue;
                    }
                    for (long boundary : new long[] {Slots.startEpochSecond(FIRST), Slots.endEpochSecond(FIRST),
                            Slots.endEpochSecond(FIRST + 1), Slots.endEpochSecond(FIRST + 5), Slots.endEpochSecond(FIRST) + 7}) {
                        items.add(new long[] {m.meterId(i), boundary});
                        int e = x.indexOfPoint(i);
                        if (e >= 0) {
                            items.add(new long[] {x.newMeterId(e), boundary});
                        }
                    }
                }
                items.add(new long[] {m.meterId(0), Slots.endEpochSecond(FIRST)});
                items.add(new long[] {m.meterId(m.size() - 1) + 10_000, Slots.endEpochSecond(FIRST)});
                long[] ids = items.stream().mapToLong(v -> v[0]).toArray();
                long[] boundaries = items.stream().mapToLong(v -> v[1]).toArray();
                out.add(new RecollectRequest(path, source, id++, ids, boundaries));
            }
        }
        return out;
    }

    static long maxSeq(RecordingTransport t) {
        return t.frames.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    static long answerBatches(RecordingTransport t, long after) {
        return t.frames.keySet().stream().filter(s -> s > after).count();
    }

    static void digest(MessageDigest d, RecordingTransport t, StringBuilder summary) {
        Map<Long, byte[]> sorted = new TreeMap<>(t.frames);
        sorted.forEach((seq, frame) -> {
            d.update(frame);
            d.update((seq + " " + t.sources.get(seq) + " x" + t.attempts.get(seq) + ";").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        summary.append(sorted.size()).append(" batches; ");
    }
}
