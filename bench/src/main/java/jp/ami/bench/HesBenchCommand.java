package jp.ami.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesServer;
import jp.ami.hes.IngestPath;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalAppender;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import jp.ami.protocol.batch.BatchFrame;
import jp.ami.protocol.batch.BatchWriter;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.sim.BatchTransport;
import jp.ami.sim.CoapBatchClient;
import jp.ami.sim.TcpBatchClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ami bench hes --readings N}: head-end ingest throughput into the journal, in one run:
 * <ol>
 *   <li><b>raw</b>: the same 48-byte records appended straight to a Chronicle journal, one document per batch
 *       (the ceiling: no network, no crypto, no decode); best of three runs;</li>
 *   <li><b>tcp</b>: sealed batches (PLC path) sent over TCP to a {@link HesServer} and acknowledged after the
 *       journal append (envelope parse, replay window, AES-GCM open, ECHONET Lite decode, boundary dedup);</li>
 *   <li><b>coap</b>: the same over CoAP/UDP (Wi-SUN path, block-wise POSTs).</li>
 * </ol>
 * Frames are built and sealed before the clock starts; each transport gets a fresh head-end and journal.
 * Prints readings/s per run and the ratio to raw append.
 */
@Command(name = "hes", mixinStandardHelpOptions = true,
        description = "Head-end ingest benchmark: readings/s over TCP and CoAP into the journal vs raw Chronicle append.")
public final class HesBenchCommand implements Callable<Integer> {
    @Option(names = "--readings", defaultValue = "1000000", description = "Readings per run (default ${DEFAULT-VALUE}).")
    int readings;

    @Option(names = "--batch", defaultValue = "500", description = "Readings per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--sources", defaultValue = "8", description = "Concentrators / border routers sending at once (default ${DEFAULT-VALUE}).")
    int sources;

    @Option(names = "--window", defaultValue = "4", description = "Unacknowledged batches per source (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--transports", split = ",", defaultValue = "tcp,coap", description = "Which transports to run (default ${DEFAULT-VALUE}).")
    List<String> transports;

    @Option(names = "--dir", description = "Work directory (default: a temporary directory, deleted afterwards).")
    Path dir;

    static final byte[] KEY = HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100");
    static final long FIRST_METER = 1_000_000_001L;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("ami-bench-hes");
        try {
            int perMeter = 16;
            int meters = Math.max(batchSize, (readings + perMeter - 1) / perMeter);
            long lastBoundary = Slots.endEpochSecond(Slots.closedBy(System.currentTimeMillis() / 1000));
            System.out.printf("building %,d readings (%,d meters × ≤%d boundaries, %d per batch) …%n", readings, meters,
                    perMeter, batchSize);
            List<byte[]> plc = build(CommPath.PLC, meters, lastBoundary, sources);
            // CoAP: one block-wise POST at a time per border router (Californium keys a Block1 transfer by peer and
            // URI), so the same concurrency comes from sources × window routers
            List<byte[]> wisun = build(CommPath.WISUN, meters, lastBoundary, sources * window);

            double raw = 0;
            for (int r = 0; r < 3; r++) { // best of three: the first runs cold
                raw = Math.max(raw, raw(work.resolve("raw" + r), meters, lastBoundary));
            }
            System.out.printf("raw Chronicle append : %,12.0f readings/s (best of 3)%n", raw);
            for (String t : transports) {
                boolean tcp = t.strip().equalsIgnoreCase("tcp");
                double rate = tcp ? viaHes(work.resolve("tcp"), meters, plc, true, sources, window)
                        : viaHes(work.resolve("coap"), meters, wisun, false, sources * window, 1);
                System.out.printf("%-4s → HES → journal : %,12.0f readings/s  = %.2f× raw append%n", t.strip(), rate, rate / raw);
            }
        } finally {
            if (dir == null) {
                deleteRecursively(work);
            }
        }
        return 0;
    }

    /** Reading k of the run: meter = k % meters, boundary = last − (k / meters) slots. */
    private List<byte[]> build(CommPath path, int meters, long lastBoundary, int sourceCount) {
        EnvelopeSealer sealer = new EnvelopeSealer(new MeterKeys(KEY));
        MeterReading r = new MeterReading();
        ByteBuffer plain = ByteBuffer.allocate(64);
        ByteBuffer buf = ByteBuffer.allocate(BatchFrame.MAX_BYTES);
        BatchWriter w = new BatchWriter();
        List<byte[]> out = new ArrayList<>();
        int k = 0;
        long seq = 0;
        while (k < readings) {
            buf.clear();
            w.begin(buf, path, 1 + (out.size() % sourceCount), ++seq);
            for (int j = 0; j < batchSize && k < readings; j++, k++) {
                long meter = FIRST_METER + k % meters;
                int round = k / meters;
                long boundary = lastBoundary - (long) (15 - round) * Slots.SECONDS_PER_SLOT;
                r.set(round + 1, Direction.NORMAL, boundary, 1000 + round, 1, 8, 0x02);
                plain.clear();
                MeterReadingEncoder.encode(r, plain);
                plain.flip();
                if (!w.addSealed(sealer, meter, 100 + round, plain)) {
                    throw new IllegalStateException("batch too large");
                }
            }
            int len = w.finish();
            out.add(java.util.Arrays.copyOf(buf.array(), len));
        }
        return out;
    }

    private double raw(Path journalDir, int meters, long lastBoundary) {
        try (Journal journal = Journal.open(journalDir); JournalAppender appender = journal.appender()) {
            ReadingBatch batch = new ReadingBatch(batchSize);
            long start = System.nanoTime();
            int k = 0;
            while (k < readings) {
                batch.clear();
                long now = System.currentTimeMillis();
                for (int j = 0; j < batchSize && k < readings; j++, k++) {
                    int round = k / meters;
                    batch.add(FIRST_METER + k % meters, lastBoundary - (long) (15 - round) * Slots.SECONDS_PER_SLOT,
                            1000 + round, now, 1, 100 + round, 0x02, 8, CommPath.PLC.code(), 0, 0);
                }
                appender.append(batch);
            }
            return readings / ((System.nanoTime() - start) / 1e9);
        }
    }

    private double viaHes(Path runDir, int meters, List<byte[]> frames, boolean tcp, int sources, int window)
            throws Exception {
        HesConfig config = HesConfig.defaults(runDir.resolve("journal"), KEY).withPorts(0, 0)
                .withMeters(FIRST_METER, meters).withRecollection(List.of(), Duration.ofMinutes(20))
                .withIngestQueueCapacity(IngestPath.DEFAULT_QUEUE_CAPACITY);
        try (HesServer hes = HesServer.start(config, Clock.systemUTC())) {
            InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp ? hes.tcpPort() : hes.coapPort());
            try (BatchTransport client = tcp ? new TcpBatchClient(addr, 30_000) : new CoapBatchClient(addr, 30_000)) {
                CommPath path = tcp ? CommPath.PLC : CommPath.WISUN;
                // warm-up connections / endpoints: one empty batch per source
                for (int s = 1; s <= sources; s++) {
                    ByteBuffer b = ByteBuffer.allocate(BatchFrame.HEADER_LENGTH);
                    new BatchWriter().begin(b, path, s, 0).finish();
                    client.send(path, s, 0, b.array()).get(30, TimeUnit.SECONDS);
                }
                Semaphore[] windows = new Semaphore[sources + 1];
                for (int s = 1; s <= sources; s++) {
                    windows[s] = new Semaphore(window);
                }
                AtomicReference<Throwable> failure = new AtomicReference<>();
                List<CompletableFuture<AckFrame>> all = new ArrayList<>(frames.size());
                long start = System.nanoTime();
                for (byte[] frame : frames) {
                    ByteBuffer h = ByteBuffer.wrap(frame);
                    int source = h.getInt(BatchFrame.OFFSET_SOURCE_ID);
                    long seq = h.getLong(BatchFrame.OFFSET_BATCH_SEQ);
                    windows[source].acquire();
                    all.add(sendUntilJournaled(client, path, source, seq, frame, windows[source], failure));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
                double rate = readings / ((System.nanoTime() - start) / 1e9);
                if (failure.get() != null) {
                    throw new IllegalStateException("a batch failed", failure.get());
                }
                long journaled = hes.stats().framesJournaled(path);
                if (journaled != readings) {
                    throw new IllegalStateException("journaled " + journaled + " of " + readings + " readings: "
                            + hes.stats().snapshot());
                }
                return rate;
            }
        }
    }

    private static CompletableFuture<AckFrame> sendUntilJournaled(BatchTransport client, CommPath path, int source, long seq,
                                                                  byte[] frame, Semaphore window,
                                                                  AtomicReference<Throwable> failure) {
        CompletableFuture<AckFrame> done = new CompletableFuture<>();
        attempt(client, path, source, seq, frame, window, failure, done, 1);
        return done;
    }

    private static void attempt(BatchTransport client, CommPath path, int source, long seq, byte[] frame, Semaphore window,
                                AtomicReference<Throwable> failure, CompletableFuture<AckFrame> done, int n) {
        client.send(path, source, seq, frame).whenComplete((ack, e) -> {
            if (e == null && ack.status() == AckStatus.JOURNALED) {
                window.release();
                done.complete(ack);
            } else if (n < 20) {
                attempt(client, path, source, seq, frame, window, failure, done, n + 1);
            } else {
                failure.compareAndSet(null, e != null ? e : new IllegalStateException(String.valueOf(ack)));
                window.release();
                done.complete(ack);
            }
        });
    }

    private static void deleteRecursively(Path p) throws java.io.IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
