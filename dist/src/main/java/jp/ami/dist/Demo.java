package jp.ami.dist;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import jp.ami.certs.Pki;
import jp.ami.front.FrontConfig;
import jp.ami.front.FrontServer;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesServer;
import jp.ami.hes.IngestStats;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.MdmsServer;
import jp.ami.mdms.store.StoredValue;
import jp.ami.model.CommPath;
import jp.ami.model.OperatorCode;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slot;
import jp.ami.model.Slots;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.retailer.RemoteFile;
import jp.ami.retailer.RetailerClient;
import jp.ami.retailer.RetailerHttpException;
import jp.ami.retailer.TlsMaterial;
import jp.ami.sim.ArrivalDelays;
import jp.ami.sim.CoapBatchClient;
import jp.ami.sim.MeterPopulation;
import jp.ami.sim.MeterSimulator;
import jp.ami.sim.SimConfig;
import jp.ami.sim.TcpBatchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform in one JVM, on real components: simulated meters → head-end (TCP + CoAP) → journal →
 * MDMS (embedded QuestDB, XML outbox, internal delivery service) → DMZ front (mutual TLS) → one retailer's
 * pull, checked against QuestDB. Wired by constructor; every service is the one {@code ./ami} runs alone.
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    static final String PKI_PASSWORD = "ami-demo";

    private final DemoOptions options;
    private final PrintStream out;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private HesServer hes;
    private MdmsServer mdms;
    private FrontServer front;
    private Pki pki;
    private String exampleFile;

    public Demo(DemoOptions options) {
        this.options = options;
        this.out = options.out();
    }

    /** Runs the demo to the end and returns its summary; services stay up until {@link #close()}. */
    public DemoSummary run() throws Exception {
        long wallStart = System.nanoTime();
        Path runDir = options.varDir().resolve("demo");
        deleteRecursively(runDir);
        Files.createDirectories(runDir);

        SimConfig simConfig = SimConfig.defaults(options.meters());
        MeterPopulation population = new MeterPopulation(simConfig);
        Path masterData = runDir.resolve("master-data.csv");
        population.writeMasterData(masterData);
        byte[] masterKey = new byte[16];
        new SecureRandom().nextBytes(masterKey);
        Files.writeString(runDir.resolve("master.key"), HexFormat.of().formatHex(masterKey), StandardCharsets.US_ASCII);

        List<String> retailerCodes = simConfig.retailers().stream().map(OperatorCode::value).toList();
        pki = Pki.ensure(options.varDir().resolve("pki"), retailerCodes, PKI_PASSWORD);

        long first = Slots.index(options.date(), options.firstSlot());
        long last = first + options.slots() - 1;
        long speed = options.speed() > 0 ? options.speed() : autoSpeed(options.slots());
        // The clock stands at the first slot's start until every service is up, then runs.
        SimulatedClock clock = SimulatedClock.paused(Slots.start(first), speed);
        step("clock", "simulated, %d× real time, starting %s JST", speed, Slots.jstEnd(first - 1));

        hes = track(HesServer.start(HesConfig.defaults(runDir.resolve("journal"), masterKey)
                .withPorts(options.fixedPorts() ? HesConfig.DEFAULT_TCP_PORT : 0, options.fixedPorts() ? HesConfig.DEFAULT_COAP_PORT : 0)
                .withMeters(simConfig.firstMeterId(), options.meters()), clock));
        step("hes", "TCP :%d (PLC concentrators, 1:N relays), CoAP/UDP :%d (Wi-SUN border routers), journal %s",
                hes.tcpPort(), hes.coapPort(), runDir.resolve("journal"));

        Map<Long, CountDownLatch> finalized = new ConcurrentHashMap<>();
        for (long s = first; s <= last; s++) {
            finalized.put(s, new CountDownLatch(1));
        }
        DeliveryLatency latency = new DeliveryLatency();
        Map<String, AtomicLong> filesPerRetailer = new TreeMap<>();
        AtomicLong filesPublished = new AtomicLong();
        MdmsConfig mdmsConfig = MdmsConfig.defaults(runDir)
                .withJournalDir(runDir.resolve("journal"))
                .withMasterDataFile(masterData)
                .withPorts(options.fixedPorts() ? MdmsConfig.DEFAULT_DELIVERY_PORT : 0,
                        options.fixedPorts() ? MdmsConfig.DEFAULT_QUESTDB_HTTP_PORT : freePort(),
                        options.fixedPorts() ? MdmsConfig.DEFAULT_QUESTDB_PG_PORT : freePort());
        mdms = track(new MdmsServer(mdmsConfig, clock));
        mdms.engine().addFilePublishedListener((retailer, name, slotIndex, size, publishedAt) -> {
            latency.record(Duration.between(Slots.end(slotIndex), publishedAt));
            filesPublished.incrementAndGet();
            synchronized (filesPerRetailer) {
                filesPerRetailer.computeIfAbsent(retailer.value(), k -> new AtomicLong()).incrementAndGet();
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
        // The simulation covers exactly these slots: time stops one minute after the last one's cut-off, so the
        // slot after it (opened by the readings that close the last one) is never finalised as missing.
        clock.stopAt(Slots.end(last).plus(mdmsConfig.cutoff()).plusSeconds(60));
        step("mdms", "QuestDB embedded: console http://127.0.0.1:%d, PG wire 127.0.0.1:%d; internal delivery :%d; cut-off %d min after slot end",
                mdmsConfig.questDbHttpPort(), mdmsConfig.questDbPgPort(), mdms.deliveryPort(), mdmsConfig.cutoff().toMinutes());

        front = track(new FrontServer(FrontConfig.defaults(pki.serverCertificate(), pki.serverPrivateKey(), pki.caCertificate())
                .withListen("127.0.0.1", options.fixedPorts() ? FrontConfig.DEFAULT_PORT : 0)
                .withBackend("127.0.0.1", mdms.deliveryPort())));
        int frontPort = front.start();
        step("front", "DMZ https://127.0.0.1:%d (mutual TLS, CA %s)", frontPort, pki.caCertificate());

        InetAddress loopback = InetAddress.getLoopbackAddress();
        MeterKeys keys = new MeterKeys(masterKey);
        TcpBatchClient tcp = track(new TcpBatchClient(new InetSocketAddress(loopback, hes.tcpPort()), 10_000));
        CoapBatchClient coap = track(new CoapBatchClient(new InetSocketAddress(loopback, hes.coapPort()), 10_000));
        MeterSimulator sim = track(new MeterSimulator(population, keys, tcp, coap, clock, ArrivalDelays.defaults(simConfig.seed())));
        int[] perPath = new int[4];
        for (int i = 0; i < population.size(); i++) {
            perPath[population.pathCode(i)]++;
        }
        step("sim", "%,d meters: Wi-SUN %,d via %d border routers, PLC %,d via %d concentrators, 1:N %,d via %d relays; %d retailers",
                population.size(), perPath[1], population.sourceCount(CommPath.WISUN), perPath[2], population.sourceCount(CommPath.PLC),
                perPath[3], population.sourceCount(CommPath.RELAY), simConfig.retailers().size());

        clock.start();
        var sends = new ArrayList<java.util.concurrent.CompletableFuture<Void>>();
        sends.add(sim.sendOpeningReadings(first));
        for (long s = first; s <= last; s++) {
            sends.add(sim.sendSlot(s));
        }
        for (long s = first; s <= last; s++) {
            Instant due = Slots.end(s).plus(mdmsConfig.cutoff());
            long waitNanos = clock.realNanosUntil(due) + TimeUnit.SECONDS.toNanos(60);
            if (!finalized.get(s).await(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("slot " + Slot.ofIndex(s) + " was not finalised in time"
                        + (mdms.lastError() != null ? ": " + mdms.lastError() : ""));
            }
            var st = slotStats.get(s);
            step("slot", "%s finalised at %s JST: %,d present, %,d estimated, %,d missing; %d files published at %s JST",
                    Slot.ofIndex(s), st.finalizedAt().atZone(Slots.JST).toLocalTime().withNano(0), st.present(), st.estimated(),
                    st.missing(), st.files(), st.publishedAt().atZone(Slots.JST).toLocalTime().withNano(0));
        }
        for (var f : sends) {
            f.get(60, TimeUnit.SECONDS);
        }
        long expectedRows = (long) options.meters() * options.slots();
        if (!mdms.store().awaitVisible(expectedRows, Duration.ofSeconds(60))) {
            throw new IllegalStateException("QuestDB shows " + mdms.store().count() + " rows, expected " + expectedRows);
        }

        // A retailer pulls its files over mutual TLS and checks them against QuestDB.
        String retailer = simConfig.retailers().get(0).value();
        URI base = URI.create("https://127.0.0.1:" + frontPort);
        DemoSummary.Pull pull = pullAndVerify(retailer, simConfig.retailers().get(1).value(), base, first, last);

        IngestStats.Snapshot hs = hes.stats().snapshot();
        long expected = (long) options.meters() * (options.slots() + 1);
        Map<String, Double> collection = new LinkedHashMap<>();
        for (CommPath p : CommPath.values()) {
            long exp = (long) perPath[p.code()] * (options.slots() + 1);
            long got = hs.framesJournaled().getOrDefault(p.key(), 0L);
            collection.put(p.key(), exp == 0 ? 1.0 : Math.round(got * 10000.0 / exp) / 10000.0);
        }
        long journaled = hs.framesJournaled().values().stream().mapToLong(Long::longValue).sum();
        var es = mdms.stats();
        Map<String, Long> perRetailer = new TreeMap<>();
        filesPerRetailer.forEach((k, v) -> perRetailer.put(k, v.get()));
        DemoSummary summary = new DemoSummary(options.meters(), options.slots(),
                new DemoSummary.Readings(expected, journaled, hs.duplicatesDropped(), new TreeMap<>(hs.rejected())),
                collection,
                new DemoSummary.Values(mdms.store().count(), es.estimated(), es.missing(), es.present()),
                new DemoSummary.Files(filesPublished.get(), perRetailer.size(), perRetailer),
                pull,
                new DemoSummary.Delivery(latency.percentileMinutes(50), latency.percentileMinutes(99), latency.maxMinutes(),
                        latency.withinBudgetShare(), latency.count()),
                new DemoSummary.Run(Math.round((System.nanoTime() - wallStart) / 1e8) / 10.0, speed,
                        Slot.ofIndex(first).toString(), Slot.ofIndex(last).toString()));
        LOG.info("demo summary {}", summary);
        return summary;
    }

    private DemoSummary.Pull pullAndVerify(String retailer, String otherRetailer, URI base, long first, long last) throws Exception {
        SSLContext mine = TlsMaterial.fromPem(pki.clientCertificate(retailer), pki.clientPrivateKey(retailer), pki.caCertificate());
        RetailerClient client = new RetailerClient(base, mine);
        List<RemoteFile> files = client.list();
        Map<Long, List<StoredValue>> storedBySlot = new HashMap<>();
        Set<String> ownPoints = new java.util.HashSet<>();
        for (int p = 0; p < mdms.master().registry().size(); p++) {
            for (long s = first; s <= last; s++) {
                if (mdms.master().registry().retailerAt(p, s).value().equals(retailer)) {
                    ownPoints.add(mdms.master().registry().pointAt(p).value());
                }
            }
        }
        boolean verified = !files.isEmpty();
        long bytes = 0;
        long checked = 0;
        Map<String, byte[]> myBytes = new HashMap<>();
        for (RemoteFile f : files) {
            byte[] zip = client.download(f.name());
            myBytes.put(f.name(), zip);
            bytes += zip.length;
            W4FileReader.SlotFile sf = W4FileReader.read(zip);
            long slot = Slots.index(java.time.LocalDate.parse(sf.date(), java.time.format.DateTimeFormatter.BASIC_ISO_DATE), sf.slot());
            List<StoredValue> stored = storedBySlot.computeIfAbsent(slot, s -> mdms.store().read(s));
            Map<String, StoredValue> byPoint = new HashMap<>();
            for (StoredValue v : stored) {
                byPoint.put(v.supplyPointId(), v);
            }
            if (!retailer.equals(sf.receiver())) {
                verified = false;
            }
            for (var e : sf.values().entrySet()) {
                StoredValue v = byPoint.get(e.getKey());
                boolean same = v != null && ownPoints.contains(e.getKey()) && v.status().equals(e.getValue().status())
                        && java.util.Objects.equals(v.valueUnits(), e.getValue().valueUnits());
                if (!same) {
                    verified = false;
                    LOG.error("pulled value differs from QuestDB: file {} point {} file {} stored {}", f.name(), e.getKey(), e.getValue(), v);
                }
                checked++;
            }
            long expectedInFile = stored.stream().filter(v -> ownPoints.contains(v.supplyPointId())).count();
            if (expectedInFile != sf.values().size()) {
                verified = false;
                LOG.error("file {} holds {} values, QuestDB has {} for {}", f.name(), sf.values().size(), expectedInFile, retailer);
            }
            if (exampleFile == null) {
                exampleFile = f.name();
            }
        }
        boolean otherDenied = otherRetailerDenied(retailer, otherRetailer, base, mine, myBytes);
        boolean noCertDenied = noCertificateDenied(base);
        step("pull", "%s pulled %d files (%,d bytes) over mutual TLS; %,d values equal QuestDB: %s; other retailer's files denied: %s; no certificate denied: %s",
                retailer, files.size(), bytes, checked, verified, otherDenied, noCertDenied);
        return new DemoSummary.Pull(retailer, files.size(), bytes, verified, otherDenied, noCertDenied, checked);
    }

    /**
     * Real attempts by {@code retailer} at {@code other}'s files through the front: names only the other
     * retailer has (404 expected), a path-traversal name (4xx expected), and a spoofed operator header (must
     * not change whose file is served). Passes only if no byte of the other retailer's files came back.
     */
    private boolean otherRetailerDenied(String retailer, String other, URI base, SSLContext mine, Map<String, byte[]> myBytes) throws Exception {
        Map<String, byte[]> theirs = new HashMap<>();
        for (var f : mdms.outbox().list(other)) {
            theirs.put(f.name(), Files.readAllBytes(f.path()));
        }
        if (theirs.isEmpty()) {
            return false;
        }
        HttpClient http = HttpClient.newBuilder().sslContext(mine).connectTimeout(Duration.ofSeconds(10)).build();
        boolean denied = true;
        for (var e : theirs.entrySet()) {
            String name = e.getKey();
            // 1. the other retailer's file by name: 404 unless we have a file of that name ourselves (then ours, not theirs)
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve("/30min/FileReceiver?file=" + name))
                    .header("X-Ami-Operator", other).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                denied &= myBytes.containsKey(name) && Arrays.equals(r.body(), myBytes.get(name)) && !Arrays.equals(r.body(), e.getValue());
            } else {
                denied &= r.statusCode() == 404 && !myBytes.containsKey(name);
            }
            // 2. path traversal into the other retailer's outbox
            HttpResponse<byte[]> t = http.send(HttpRequest.newBuilder(base.resolve("/30min/FileReceiver?file=../" + other + "/" + name)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            denied &= t.statusCode() >= 400 && t.statusCode() < 500 && !Arrays.equals(t.body(), e.getValue());
        }
        // 3. a file name that exists for nobody
        HttpResponse<byte[]> none = http.send(HttpRequest.newBuilder(base.resolve("/30min/FileReceiver?file=W41110209912312330990001.zip")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        denied &= none.statusCode() == 404;
        return denied;
    }

    private boolean noCertificateDenied(URI base) throws IOException {
        RetailerClient anonymous = new RetailerClient(base, TlsMaterial.withoutClientCertificate(pki.caCertificate()), Duration.ofSeconds(10));
        try {
            anonymous.list();
            return false;
        } catch (RetailerHttpException e) {
            return e.statusCode() != 200;
        } catch (IOException e) {
            return true;
        }
    }

    /** The front's port once started. */
    public int frontPort() {
        return front.port();
    }

    public Pki pki() {
        return pki;
    }

    /** A file the demo retailer pulled, for the printed curl example. */
    public String exampleFile() {
        return exampleFile;
    }

    public MdmsServer mdms() {
        return mdms;
    }

    public HesServer hes() {
        return hes;
    }

    /** Speed so that the run takes about 45 s of wall time plus start-up. */
    static long autoSpeed(int slots) {
        long simSeconds = slots * (long) Slots.SECONDS_PER_SLOT + 25 * 60;
        return Math.max(1, simSeconds / 45);
    }

    private void step(String what, String format, Object... args) {
        out.printf("  %-6s %s%n", what, String.format(format, args));
        out.flush();
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {}", resources.get(i), e);
            }
        }
        resources.clear();
    }

    /** A port free right now (QuestDB needs a concrete port; only the tests run on free ports). */
    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
