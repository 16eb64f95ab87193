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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./ami bench hes --readings N}: head-end ingest throughput into the journal, in one run:
 * <ol>
 *   <li><b>raw</b>: the same 48-byte records appended straight to a Chronicle journal, one document per batch
 *       (the ceiling: no network, no crypto, no decode); best of three runs;</li>
 *   <li><b>tcp</b>: sealed batches (PLC path) sent over TCP to a {@link HesServer} and acknowledged after the
 *       journal append (envelope parse, replay window, AES-GCM open, ECHONET Lite decode, boundary dedup);</li>
 *   <li><b>coap</b>: the same over CoAP/UDP (Wi-SUN path, block-wise POSTs), the same number of batches in flight
 *       from {@code --coap-routers} border routers;</li>
 *   <li><b>direct</b> (only when asked for with {@code --transports}): the PLC batches handed straight to the
 *       head-end's {@link IngestPath#submit} from {@code --sources} threads, no network: the ingest path's own cost.</li>
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

    @Option(names = "--coap-routers", defaultValue = "0", description = "Border routers for the CoAP run, sharing the "
            + "sources × window batches in flight (default: as many as --sources).")
    int coapRouters;

    @Option(names = "--transports", split = ",", defaultValue = "tcp,coap", description = "Which transports to run (default ${DEFAULT-VALUE}).")
    List<String> transports;

    @Mixin
    WorkDirOption workDir;

    static final byte[] KEY = HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100");
    static final long FIRST_METER = 1_000_000_001L;

    @Override
    public Integer call() throws Exception {
        workDir.run("ami-bench-hes", this::run);
        return 0;
    }

    private void run(Path work) throws Exception {
        int perMeter = 16;
        int meters = Math.max(batchSize, (readings + perMeter - 1) / perMeter);
        long lastBoundary = Slots.endEpochSecond(Slots.closedBy(System.currentTimeMillis() / 1000));
        System.out.printf("building %,d readings (%,d meters × ≤%d boundaries, %d per batch) …%n", readings, meters,
                perMeter, batchSize);
        List<byte[]> plc = build(CommPath.PLC, meters, lastBoundary, sources);
        // CoAP: the same sources × window batches in flight, from coapRouters border routers (each POSTs to a
        // per-batch URI, so Californium's Block1 transfers of one router do not collide)
        int routers = coapRouters > 0 ? coapRouters : sources;
        int perRouter = Math.max(1, sources * window / routers);
        List<byte[]> wisun = build(CommPath.WISUN, meters, lastBoundary, routers);

        double raw = 0;
        double rawCpu = Double.MAX_VALUE;
        for (int r = 0; r < 3; r++) { // best of three: the first runs cold
            raw = Math.max(raw, raw(work.resolve("raw" + r), meters, lastBoundary));
            rawCpu = Math.min(rawCpu, lastCpuPerReading);
        }
        System.out.printf("raw Chronicle append : %,12.0f readings/s (best of 3)  %,8.0f ns CPU/reading%n", raw, rawCpu);
        for (String t : transports) {
            boolean tcp = t.strip().equalsIgnoreCase("tcp");
            double rate = t.strip().equalsIgnoreCase("direct") ? direct(work.resolve("direct"), meters, plc)
                    : tcp ? viaHes(work.resolve("tcp"), meters, plc, true, sources, window)
                    : viaHes(work.resolve("coap"), meters, wisun, false, routers, perRouter);
            System.out.printf("%-4s → HES → journal : %,12.0f readings/s  = %.2f× raw append  %,8.0f ns CPU/reading (%.2f× raw)%n",
                    t.strip(), rate, rate / raw, lastCpuPerReading, rawCpu / lastCpuPerReading);
        }
    }

    /** Reading k of the run: meter = k % meters, boundary = last − (k / meters) slots. */
    private List<byte[]> build(CommPath path, int meters, long lastBoundary, int sourceCount) {
        // a dense key table: each meter's key derived once (the build is setup, not measured, but should be quick)
        EnvelopeSealer sealer = new EnvelopeSealer(new MeterKeys(KEY).withDenseCache(FIRST_METER, meters));
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
            long cpu0 = cpuNanos();
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
            lastCpuPerReading = (cpuNanos() - cpu0) / (double) readings;
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
            long cpu0 = cpuNanos();
                for (byte[] frame : frames) {
                    ByteBuffer h = ByteBuffer.wrap(frame);
                    int source = h.getInt(BatchFrame.OFFSET_SOURCE_ID);
                    long seq = h.getLong(BatchFrame.OFFSET_BATCH_SEQ);
                    windows[source].acquire();
                    all.add(sendUntilJournaled(client, path, source, seq, frame, windows[source], failure));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
                double rate = readings / ((System.nanoTime() - start) / 1e9);
                lastCpuPerReading = (cpuNanos() - cpu0) / (double) readings;
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

    /** The batches submitted straight to the ingest path by {@link #sources} threads, one in flight each. */
    private double direct(Path runDir, int meters, List<byte[]> frames) throws Exception {
        HesConfig config = HesConfig.defaults(runDir.resolve("journal"), KEY).withPorts(0, 0)
                .withMeters(FIRST_METER, meters).withRecollection(List.of(), Duration.ofMinutes(20))
                .withIngestQueueCapacity(IngestPath.DEFAULT_QUEUE_CAPACITY);
        try (HesServer hes = HesServer.start(config, Clock.systemUTC())) {
            IngestPath ingest = hes.ingest();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread[] threads = new Thread[sources];
            long start = System.nanoTime();
            long cpu0 = cpuNanos();
            for (int s = 0; s < sources; s++) {
                int first = s;
                threads[s] = new Thread(() -> {
                    try {
                        for (int i = first; i < frames.size(); i += sources) {
                            byte[] frame = frames.get(i);
                            while (true) {
                                AckFrame ack = ingest.submit(ByteBuffer.wrap(frame), jp.ami.hes.Transport.TCP)
                                        .get(30, TimeUnit.SECONDS);
                                if (ack.status() == AckStatus.JOURNALED) {
                                    break;
                                }
                                Thread.sleep(1);
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads[s].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double rate = readings / ((System.nanoTime() - start) / 1e9);
                lastCpuPerReading = (cpuNanos() - cpu0) / (double) readings;
            if (failure.get() != null) {
                throw new IllegalStateException("a batch failed", failure.get());
            }
            long journaled = hes.stats().framesJournaled(CommPath.PLC);
            if (journaled != readings) {
                throw new IllegalStateException("journaled " + journaled + " of " + readings + " readings: "
                        + hes.stats().snapshot());
            }
            System.out.printf("(%d bytes per batch frame)%n", frames.get(0).length);
            return rate;
        }
    }

    /** Process CPU nanoseconds per reading of the last run (all threads: head-end, client, driver). */
    private double lastCpuPerReading;

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
}
