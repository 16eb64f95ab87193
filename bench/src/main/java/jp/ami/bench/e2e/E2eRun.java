package jp.ami.bench.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import jp.ami.bench.BenchFiles;
import jp.ami.bench.e2e.peer.ExportComparison;
import jp.ami.bench.e2e.peer.Peer;
import jp.ami.bench.e2e.peer.PeerInput;
import jp.ami.bench.e2e.peer.PeerResult;
import jp.ami.bench.e2e.peer.PostgresPeer;
import jp.ami.bench.e2e.peer.QuestDbSqlPeer;
import jp.ami.certs.Pki;
import jp.ami.front.FrontConfig;
import jp.ami.front.FrontServer;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesServer;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.MdmsServer;
import jp.ami.model.OperatorCode;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slot;
import jp.ami.model.Slots;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.retailer.RemoteFile;
import jp.ami.retailer.RetailerClient;
import jp.ami.retailer.TlsMaterial;
import jp.ami.sim.ArrivalDelays;
import jp.ami.sim.CoapBatchClient;
import jp.ami.sim.MeterPopulation;
import jp.ami.sim.MeterSimulator;
import jp.ami.sim.SimConfig;
import jp.ami.sim.TcpBatchClient;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One run of the end-to-end benchmark: the real platform in one JVM (head-end over TCP and CoAP, Chronicle
 * journal, MDMS with embedded QuestDB, XML/ZIP outbox, DMZ front with mutual TLS) fed by the meter simulator's
 * frames, built ahead; then the peers on the same readings. See {@code bench/README.md} for what each figure
 * means.
 *
 * <ol>
 *   <li><b>Build</b> (untimed): the population, master data, PKI; every boundary's sealed frames into a
 *       {@link FrameStore}; the same readings as CSV for the peers.</li>
 *   <li><b>Collection</b> per boundary (timed): {@link LoadGenerator} replays the frames in due order; the clock
 *       follows the batches' due times; the phase ends when the MDMS engine has taken every journaled reading.</li>
 *   <li><b>Finalisation</b> per slot (timed): the clock is put at the slot's cut-off and runs in real time from
 *       there; the phase ends when every retailer's files for the slot are listed by the front (downloadable).
 *       Then each retailer downloads them through the front (timed separately).</li>
 *   <li><b>Check and peers</b> (untimed for us): our values from QuestDB against each peer's export.</li>
 * </ol>
 */
final class E2eRun {
    record Options(int meters, int slots, int windowMinutes, long rate, Path workDir, boolean peers, int buildThreads,
                   int tcpConnections, int tcpWindow, int coapEndpoints, int coapWindow, PrintStream out) {
    }

    private final Options o;
    private final PrintStream out;
    private final List<AutoCloseable> resources = new ArrayList<>();

    E2eRun(Options options) {
        this.o = options;
        this.out = options.out();
    }

    E2eResult run() throws Exception {
        try {
            return runInner();
        } finally {
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    out.println("  (closing " + resources.get(i).getClass().getSimpleName() + ": " + e + ")");
                }
            }
        }
    }

    private E2eResult runInner() throws Exception {
        Path work = o.workDir();
        BenchFiles.deleteRecursively(work.resolve("run"));
        Path run = Files.createDirectories(work.resolve("run"));
        long wallStart = System.nanoTime();

        // ---- build (untimed) ----
        // 7.5 % of meters with rooftop PV: their 0xEB readings travel and are journaled too (the MDMS counts them)
        SimConfig simConfig = SimConfig.defaults(o.meters()).withPvShare(75);
        MeterPopulation population = new MeterPopulation(simConfig);
        Path masterCsv = run.resolve("master-data.csv");
        population.writeMasterData(masterCsv);
        byte[] masterKey = new byte[16];
        new SecureRandom().nextBytes(masterKey);
        List<String> retailerCodes = simConfig.retailers().stream().map(OperatorCode::value).toList();
        Pki pki = Pki.ensure(work.resolve("pki"), retailerCodes, "ami-bench");

        // a slot in the middle of a JST day, so no per-day file falls inside the run
        long first = Slots.index(java.time.LocalDate.of(2026, 11, 20), 20);
        long last = first + o.slots() - 1;
        SimulatedClock clock = SimulatedClock.paused(Slots.start(first).minusSeconds(60), 1);
        ArrivalDelays delays = scaledDelays(simConfig.seed(), o.windowMinutes());
        MeterSimulator sim = new MeterSimulator(population, new MeterKeys(masterKey), null, null, clock, delays);
        Path readingsCsv = run.resolve("readings.csv");
        List<FrameStore> boundaries = new ArrayList<>();
        long buildStart = System.nanoTime();
        try (BufferedWriter csv = Files.newBufferedWriter(readingsCsv, StandardCharsets.US_ASCII)) {
            csv.write("meter_id,boundary_epoch_second,register,coefficient,digits,unit_code\n");
            for (long s = first - 1; s <= last; s++) {
                FrameStore store = track(new FrameStore(run.resolve("frames-" + (s - first + 1) + ".bin")));
                long t = System.nanoTime();
                MeterSimulator.DryRun built = sim.buildBoundary(s, s >= first, o.buildThreads(), null, store::append);
                store.seal();
                writeReadings(csv, population, Slots.endEpochSecond(s));
                boundaries.add(store);
                out.printf("  build  boundary %s: %,d frames in %,d batches (%,d MB) in %.1f s%n", Slot.ofIndex(s).jstEnd(),
                        built.frames(), built.batches(), store.bytes() >> 20, (System.nanoTime() - t) / 1e9);
            }
        }
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        long heapBase = heapAfterGc();

        // ---- the platform ----
        HesServer hes = track(HesServer.start(HesConfig.defaults(run.resolve("journal"), masterKey).withPorts(0, 0)
                .withHttpPort(0).withMeters(simConfig.firstMeterId(), o.meters()), clock));
        MdmsConfig mdmsConfig = MdmsConfig.builder(run).journalDir(run.resolve("journal"))
                .masterDataFile(masterCsv).ports(0, BenchFiles.freeLoopbackPort(), BenchFiles.freeLoopbackPort()).build();
        MdmsServer mdms = track(new MdmsServer(mdmsConfig, clock));
        Map<Long, CountDownLatch> finalized = new ConcurrentHashMap<>();
        Map<Long, Map<String, Set<String>>> filesBySlot = new ConcurrentHashMap<>();
        for (long s = first; s <= last; s++) {
            finalized.put(s, new CountDownLatch(1));
            filesBySlot.put(s, new ConcurrentHashMap<>());
        }
        mdms.engine().addFilePublishedListener((retailer, name, slotIndex, size, at) -> {
            Map<String, Set<String>> m = filesBySlot.get(slotIndex);
            if (m != null && name.startsWith("W41110")) {
                m.computeIfAbsent(retailer.value(), k -> ConcurrentHashMap.newKeySet()).add(name);
            }
        });
        Map<Long, jp.ami.mdms.slots.SlotStats> slotStats = new ConcurrentHashMap<>();
        mdms.engine().addSlotFinalizedListener((slotIndex, stats) -> {
            slotStats.put(slotIndex, stats);
            CountDownLatch l = finalized.get(slotIndex);
            if (l != null) {
                l.countDown();
            }
        });
        mdms.expectSlots(first, last);
        FrontServer front = track(new FrontServer(FrontConfig.defaults(pki.serverCertificate(), pki.serverPrivateKey(), pki.caCertificate())
                .withListen("127.0.0.1", 0).withBackend("127.0.0.1", mdms.deliveryPort())
                .withRevocation(pki.crl(), pki.suspended())));
        URI base = URI.create("https://127.0.0.1:" + front.start());
        InetAddress lo = InetAddress.getLoopbackAddress();
        TcpBatchClient tcp = track(new TcpBatchClient(new InetSocketAddress(lo, hes.tcpPort()), 60_000));
        CoapBatchClient coap = track(new CoapBatchClient(new InetSocketAddress(lo, hes.coapPort()), 60_000));
        LoadGenerator load = track(new LoadGenerator(tcp, o.tcpConnections(), o.tcpWindow(), coap, o.coapEndpoints(), o.coapWindow(), clock));
        Map<String, RetailerClient> clients = new LinkedHashMap<>();
        for (String r : retailerCodes) {
            SSLContext tls = TlsMaterial.fromPem(pki.clientCertificate(r), pki.clientPrivateKey(r), pki.caCertificate());
            clients.put(r, new RetailerClient(base, tls));
        }
        int[] pointsPerRetailer = pointsPerRetailer(mdms, first);
        out.printf("  up     HES tcp :%d coap :%d, MDMS (QuestDB pg :%d), front %s; %,d meters, %d retailers, window %d min, %s%n",
                hes.tcpPort(), hes.coapPort(), mdmsConfig.questDbPgPort(), base, o.meters(), retailerCodes.size(),
                o.windowMinutes(), o.rate() > 0 ? String.format("offered %,d readings/s (open loop)", o.rate()) : "closed loop");

        // ---- timed: collection and finalisation ----
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        long engineThread = threadId("mdms-engine");
        long engineCollectCpu = 0;
        Recorder ackLatency = new Recorder(3);
        Histogram delivery = new Histogram(3);
        List<E2eResult.Boundary> collected = new ArrayList<>();
        List<E2eResult.Finalisation> finals = new ArrayList<>();
        long journaledBefore = 0;
        double busySeconds = 0;
        long cpuBusy = 0;
        Histogram ackTotal = new Histogram(3);
        for (int b = 0; b < boundaries.size(); b++) {
            long closed = first - 1 + b;
            FrameStore store = boundaries.get(b);
            long cpu0 = os.getProcessCpuTime();
            long ecpu0 = threads.getThreadCpuTime(engineThread);
            long t0 = System.nanoTime();
            LoadGenerator.Result r = load.replay(store, o.rate(), ackLatency);
            long journaled = journaledBefore + store.readings();
            awaitEngine(mdms, journaled);
            long t1 = System.nanoTime();
            long cpu = os.getProcessCpuTime() - cpu0;
            engineCollectCpu += threads.getThreadCpuTime(engineThread) - ecpu0;
            journaledBefore = journaled;
            ackTotal.add(ackLatency.getIntervalHistogram());
            double secs = (t1 - t0) / 1e9;
            busySeconds += secs;
            cpuBusy += cpu;
            collected.add(new E2eResult.Boundary(Slot.ofIndex(closed).jstEnd().toString(), store.readings(), store.batches(),
                    round(r.nanos() / 1e9), round(secs), Math.round(r.readingsPerSecond()), Math.round(store.readings() / secs),
                    r.resends(), round(cpu / 1e9 / secs / Runtime.getRuntime().availableProcessors())));
            out.printf("  ingest boundary %s: %,d readings → HES journal in %.2f s (%,.0f/s), MDMS took all after %.2f s (%,.0f/s), %d resends, CPU %.0f %%%n",
                    Slot.ofIndex(closed).jstEnd(), store.readings(), r.nanos() / 1e9, r.readingsPerSecond(), secs,
                    store.readings() / secs, r.resends(), 100.0 * cpu / 1e9 / secs / Runtime.getRuntime().availableProcessors());
            if (closed < first) {
                continue;
            }
            // cut-off: the clock stands at slot end + cut-off and runs in real time from there
            Instant cutoff = Slots.end(closed).plus(mdmsConfig.cutoff());
            // retailers poll all the time: their connections to the front are open when the files appear
            for (RetailerClient c : clients.values()) {
                c.list();
            }
            long f0 = System.nanoTime();
            long fcpu0 = os.getProcessCpuTime();
            clock.runFrom(cutoff, 1);
            if (!finalized.get(closed).await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("slot " + Slot.ofIndex(closed) + " not finalised: " + mdms.lastError());
            }
            var st = slotStats.get(closed);
            double engineStart = java.time.Duration.between(cutoff, st.finalizedAt()).toNanos() / 1e9;
            double enginePublished = java.time.Duration.between(cutoff, st.publishedAt()).toNanos() / 1e9;
            long[] phases = mdms.engine().lastFinalizeNanos();
            out.printf("  engine slot %s: finalising began %.2f s after cut-off, files published %.2f s after cut-off "
                            + "(values computed in %.2f s; then rows to QuestDB %.2f s while the files were written, %.2f s for both)%n",
                    Slot.ofIndex(closed), engineStart, enginePublished, phases[0] / 1e9, phases[1] / 1e9, phases[2] / 1e9);
            Map<String, Set<String>> files = filesBySlot.get(closed);
            Listed listed = awaitListed(clients, files, f0);
            Map<String, Double> listedAfter = listed.atSeconds();
            long f1 = System.nanoTime();
            long fcpu = os.getProcessCpuTime() - fcpu0;
            clock.pause();
            double finalizeSeconds = (f1 - f0) / 1e9;
            busySeconds += finalizeSeconds;
            cpuBusy += fcpu;
            for (int r2 = 0; r2 < retailerCodes.size(); r2++) {
                Double at = listedAfter.get(retailerCodes.get(r2));
                if (at != null && pointsPerRetailer[r2] > 0) {
                    long ms = mdmsConfig.cutoff().toMillis() + Math.round(at * 1000);
                    delivery.recordValueWithCount(ms, pointsPerRetailer[r2]);
                }
            }
            // every retailer downloads its files through the front
            long d0 = System.nanoTime();
            long bytes = 0;
            int nFiles = 0;
            for (var e : files.entrySet()) {
                RetailerClient c = clients.get(e.getKey());
                for (String name : e.getValue()) {
                    bytes += c.download(name).length;
                    nFiles++;
                }
            }
            double dl = (System.nanoTime() - d0) / 1e9;
            finals.add(new E2eResult.Finalisation(Slot.ofIndex(closed).toString(), st.points(), st.present(), st.estimated(),
                    st.missing(), nFiles, round(finalizeSeconds), listedAfter, listed.calls(), listed.meanMillis(), listed.maxMillis(), round(fcpu / 1e9 / finalizeSeconds / Runtime.getRuntime().availableProcessors()),
                    bytes, round(dl), Math.round(st.points() / finalizeSeconds)));
            out.printf("  final  slot %s: %,d points (%,d present, %,d estimated, %,d missing) → QuestDB + %d files, all downloadable %.2f s after cut-off (%,.0f values/s); downloaded %,d MB through the front in %.2f s%n",
                    Slot.ofIndex(closed), st.points(), st.present(), st.estimated(), st.missing(), nFiles, finalizeSeconds,
                    st.points() / finalizeSeconds, bytes >> 20, dl);
            if (closed < last) {
                clock.advanceTo(Slots.end(closed + 1).minusSeconds(1));
            }
        }
        // the MDMS's own share of the collection phases: the engine thread's CPU taking readings from the journal
        double mdmsSeconds = engineCollectCpu / 1e9 + finals.stream().mapToDouble(E2eResult.Finalisation::seconds).sum();
        long heapRun = heapAfterGc();
        double bytesPerPoint = (heapRun - heapBase) / (double) o.meters();
        long totalReadings = boundaries.stream().mapToLong(FrameStore::readings).sum();
        long values = (long) o.meters() * o.slots();
        if (!mdms.store().awaitVisible(values, Duration.ofMinutes(10))) {
            throw new IllegalStateException("QuestDB shows " + mdms.store().count() + " rows, expected " + values);
        }

        // ---- check ----
        Path ours = run.resolve("export-ours");
        long rows = ValuesExport.export(mdmsConfig.questDbPgPort(), mdms.master().registry(), first, last, ours);
        out.printf("  check  our %,d values read back from QuestDB: one per (point, slot), none missing%n", rows);

        // ---- resident bytes per point, by component: close each and see how much heap goes ----
        Map<String, Double> perComponent = new LinkedHashMap<>();
        long before = heapRun;
        for (AutoCloseable c : List.of(load, coap, tcp)) {
            closeQuietly(c);
            resources.remove(c);
        }
        load = null;
        coap = null;
        tcp = null;
        long h = heapAfterGc();
        perComponent.put("loadGenerator", round((before - h) / (double) o.meters()));
        before = h;
        closeQuietly(hes);
        resources.remove(hes);
        hes = null; // unreachable now, so the next measurement sees its heap go
        h = heapAfterGc();
        perComponent.put("hes", round((before - h) / (double) o.meters()));
        before = h;
        closeQuietly(front);
        resources.remove(front);
        front = null; // unreachable now, so the next measurement sees its heap go
        h = heapAfterGc();
        perComponent.put("front", round((before - h) / (double) o.meters()));
        before = h;
        long mdmsPoints = mdms.master().registry().size();
        closeQuietly(mdms);
        resources.remove(mdms);
        mdms = null; // unreachable now, so the next measurement sees its heap go
        h = heapAfterGc();
        perComponent.put("mdms", round((before - h) / (double) mdmsPoints));
        perComponent.put("other", round((h - heapBase) / (double) o.meters()));
        out.printf("  memory heap after GC per supply point: %.1f B in all; by component %s%n", bytesPerPoint, perComponent);

        // ---- peers ----
        Map<String, E2eResult.PeerFigures> peers = new LinkedHashMap<>();
        if (o.peers()) {
            // free the cores for the peers: our services are done
            for (int i = resources.size() - 1; i >= 0; i--) {
                if (!(resources.get(i) instanceof FrameStore)) {
                    closeQuietly(resources.remove(i));
                }
            }
            PeerInput input = new PeerInput(masterCsv, readingsCsv, first, last);
            peers.put("postgres", runPeer(new PostgresPeer(work.resolve("pg")), input, run.resolve("export-postgres"), ours, mdmsSeconds, busySeconds));
            peers.put("questdbSql", runPeer(new QuestDbSqlPeer(work.resolve("questdb-peer")), input, run.resolve("export-questdb"), ours, mdmsSeconds, busySeconds));
        }
        Histogram ingest = ackTotal;
        return new E2eResult(o.meters(), o.slots(), o.windowMinutes(), o.rate(), totalReadings, values,
                Math.round(totalReadings / busySeconds), round(busySeconds),
                finals.stream().mapToDouble(E2eResult.Finalisation::seconds).max().orElse(0),
                withinBudget(delivery), round(bytesPerPoint), perComponent,
                round(cpuBusy / 1e9), round(cpuBusy / 1e9 / busySeconds / Runtime.getRuntime().availableProcessors()), round(mdmsSeconds),
                collected, finals, E2eResult.Latency.of(ingest, 1000.0), E2eResult.Latency.of(delivery, 60_000.0),
                peers, round(buildSeconds), round((System.nanoTime() - wallStart) / 1e9),
                ingest, delivery);
    }

    private E2eResult.PeerFigures runPeer(Peer peer, PeerInput input, Path export, Path ours, double mdmsSeconds, double busySeconds)
            throws Exception {
        try (peer) {
            out.printf("  peer   %s: loading %s …%n", peer.name(), input.readingsCsv().getFileName());
            PeerResult r = peer.run(input, export);
            ExportComparison.Result cmp = ExportComparison.compare(ours, export);
            out.printf("  peer   %s: %.1f s (%s), %,d values; same values as ours: %s%s%n", peer.name(), r.seconds(),
                    r.stageSeconds(), r.values(), cmp.equal(), cmp.equal() ? "" : " " + cmp.differences());
            return new E2eResult.PeerFigures(round(r.seconds()), round(r.seconds() / mdmsSeconds), round(r.seconds() / busySeconds),
                    r.values(), cmp.equal(), r.stageSeconds(), cmp.equal() ? List.of() : cmp.differences());
        }
    }

    /**
     * Each retailer polls its file list through the front (every 50 ms, all retailers at once, as they would) until
     * it holds all of the slot's files.
     */
    /** When each retailer's list first held all its files (seconds after cut-off), and the list calls made. */
    record Listed(Map<String, Double> atSeconds, long calls, double meanMillis, double maxMillis) {
    }

    private static Listed awaitListed(Map<String, RetailerClient> clients, Map<String, Set<String>> files, long t0)
            throws Exception {
        Map<String, Double> at = new java.util.concurrent.ConcurrentSkipListMap<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder callNanos = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.AtomicLong slowest = new java.util.concurrent.atomic.AtomicLong();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, files.size()));
        try {
            List<java.util.concurrent.Future<?>> polls = new ArrayList<>();
            for (var e : files.entrySet()) {
                RetailerClient client = clients.get(e.getKey());
                polls.add(pool.submit(() -> {
                    while (true) {
                        long c0 = System.nanoTime();
                        Set<String> listed = new java.util.HashSet<>();
                        for (RemoteFile f : client.list()) {
                            listed.add(f.name());
                        }
                        long c1 = System.nanoTime();
                        calls.increment();
                        callNanos.add(c1 - c0);
                        slowest.accumulateAndGet(c1 - c0, Math::max);
                        if (listed.containsAll(e.getValue())) {
                            at.put(e.getKey(), round((c1 - t0) / 1e9));
                            return null;
                        }
                        if (c1 > deadline) {
                            throw new IllegalStateException("files of " + e.getKey() + " not listed by the front: " + e.getValue());
                        }
                        Thread.sleep(50); // polling the front, as a retailer would
                    }
                }));
            }
            for (var f : polls) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Listed(new LinkedHashMap<>(at), calls.sum(), round(callNanos.sum() / 1e6 / Math.max(1, calls.sum())),
                round(slowest.get() / 1e6));
    }

    private static long threadId(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t.getId();
            }
        }
        throw new IllegalStateException("no thread named " + name);
    }

    private static void awaitEngine(MdmsServer mdms, long readings) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (mdms.stats().readings() < readings) {
            if (System.nanoTime() > deadline || mdms.lastError() != null) {
                throw new IllegalStateException("MDMS took " + mdms.stats().readings() + " of " + readings + " readings: " + mdms.lastError());
            }
            Thread.sleep(5);
        }
    }

    private static int[] pointsPerRetailer(MdmsServer mdms, long slot) {
        var registry = mdms.master().registry();
        int[] n = new int[registry.retailerCount()];
        for (int p = 0; p < registry.size(); p++) {
            n[registry.retailerIndexAt(p, slot)]++;
        }
        return n;
    }

    /** Share of points (weighted) downloadable within 60 minutes of slot end. */
    private static double withinBudget(Histogram delivery) {
        if (delivery.getTotalCount() == 0) {
            return 0;
        }
        long within = 0;
        for (var v : delivery.recordedValues()) {
            if (v.getValueIteratedTo() <= 3_600_000L) {
                within += v.getCountAddedInThisIterationStep();
            }
        }
        return round(within / (double) delivery.getTotalCount());
    }

    /**
     * The simulator's per-path arrival delays stretched (or shrunk) so the slowest path's batches arrive by
     * {@code windowMinutes} after the boundary; the defaults end at 9 minutes.
     */
    static ArrivalDelays scaledDelays(long seed, int windowMinutes) {
        ArrivalDelays d = ArrivalDelays.defaults(seed);
        double k = windowMinutes * 60.0 / d.maxDelaySeconds();
        int[] lo = d.minSeconds().clone();
        int[] hi = d.maxSeconds().clone();
        for (int i = 0; i < lo.length; i++) {
            lo[i] = (int) Math.round(lo[i] * k);
            hi[i] = (int) Math.round(hi[i] * k);
        }
        return new ArrivalDelays(seed, lo, hi);
    }

    private static void writeReadings(BufferedWriter csv, MeterPopulation pop, long boundary) throws IOException {
        StringBuilder line = new StringBuilder(96);
        for (int i = 0; i < pop.size(); i++) {
            line.setLength(0);
            line.append(pop.meterId(i)).append(',').append(boundary).append(',').append(pop.register(i)).append(',')
                    .append(pop.coefficient(i)).append(',').append(pop.digits(i)).append(',').append(pop.unitCode(i)).append('\n');
            csv.append(line);
        }
    }

    static long heapAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        if (Boolean.getBoolean("ami.e2e.histogram")) { // where the bytes are: the top of the live class histogram
            try {
                String h = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                        new Object[] {null}, new String[] {String[].class.getName()});
                System.out.println(String.join("\n", java.util.Arrays.asList(h.split("\n")).subList(0, Math.min(18, h.split("\n").length))));
            } catch (Exception e) {
                System.out.println("(no class histogram: " + e + ")");
            }
        }
        return best;
    }

    private <T extends AutoCloseable> T track(T r) {
        resources.add(r);
        return r;
    }

    private void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            out.println("  (closing " + c.getClass().getSimpleName() + ": " + e + ")");
        }
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
