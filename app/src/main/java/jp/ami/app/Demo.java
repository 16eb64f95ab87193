package jp.ami.app;

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
import java.time.Clock;
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
import jp.ami.certs.ReusedPki;
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
import jp.ami.switching.SwitchingConfig;
import jp.ami.switching.SwitchingServer;
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
    /** How long before the first slot the simulated clock starts: room for the switching applications. */
    static final Duration CLOCK_LEAD = Duration.ofHours(1);

    private final DemoOptions options;
    private final PrintStream out;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private HesServer hes;
    private SwitchingServer switching;
    private java.time.LocalDate switchDate;
    private boolean wrongOperatorDenied;
    private OperatorCode usageRetailer;
    private String usageApplication;
    private String malformedJsonField;
    private jp.ami.model.SupplyPointId switchedPoint;
    private MdmsServer mdms;
    private FrontServer front;
    private final Clock wallClock;
    private Pki pki;
    private String exampleFile;
    private RetailerPull lastPull;

    /** A demo whose certificates are checked against the system clock, as the TLS peers check them. */
    public Demo(DemoOptions options) {
        this(options, Clock.systemUTC());
    }

    /**
     * @param wallClock the time the demo's certificates must be valid at (the TLS handshakes run on wall time,
     *                  not on the simulated clock of the slots)
     */
    public Demo(DemoOptions options, Clock wallClock) {
        this.options = options;
        this.out = options.out();
        this.wallClock = wallClock;
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
        // meter exchanges during the run (--exchange): registered before it, for the head-end and the MDMS
        long firstSlot = Slots.index(options.date(), options.firstSlot());
        jp.ami.sim.MeterExchanges exchanges = population.planExchanges(options.faults().exchange(), firstSlot, options.slots());
        Path exchangesFile = exchanges.isEmpty() ? null : runDir.resolve("meter-exchanges.csv");
        if (exchangesFile != null) {
            population.writeExchanges(exchangesFile);
        }
        byte[] masterKey = new byte[16];
        new SecureRandom().nextBytes(masterKey);
        Files.writeString(runDir.resolve("master.key"), HexFormat.of().formatHex(masterKey), StandardCharsets.US_ASCII);

        List<String> retailerCodes = simConfig.retailers().stream().map(OperatorCode::value).toList();
        // certificates are checked by the TLS peers on wall time, not on the simulated clock
        Path pkiDir = options.varDir().resolve("pki");
        for (String note : ReusedPki.ensureUsable(pkiDir, retailerCodes, PKI_PASSWORD, wallClock.instant())) {
            step("pki", "%s", note);
        }
        pki = Pki.at(pkiDir);

        long first = Slots.index(options.date(), options.firstSlot());
        long last = first + options.slots() - 1;
        long speed = options.speed() > 0 ? options.speed() : autoSpeed(options.slots());
        // The clock stands an hour before the first slot until every service is up and the retailers have
        // filed their switching applications, then runs.
        SimulatedClock clock = SimulatedClock.paused(Slots.start(first).minus(CLOCK_LEAD), speed);
        step("clock", "simulated, %d× real time, starting %s JST (first slot %s)", speed,
                java.time.LocalDateTime.ofInstant(clock.instant(), Slots.JST), Slot.ofIndex(first));

        hes = track(HesServer.start(HesConfig.defaults(runDir.resolve("journal"), masterKey)
                .withPorts(options.fixedPorts() ? HesConfig.DEFAULT_TCP_PORT : 0, options.fixedPorts() ? HesConfig.DEFAULT_COAP_PORT : 0)
                .withMeters(simConfig.firstMeterId(), options.meters())
                .withExchanges(exchangesFile == null ? List.of() : jp.ami.hes.MeterExchange.load(exchangesFile)), clock));
        step("hes", "TCP :%d (PLC concentrators, 1:N relays), CoAP/UDP :%d (Wi-SUN border routers), journal %s",
                hes.tcpPort(), hes.coapPort(), runDir.resolve("journal"));

        Map<Long, CountDownLatch> finalized = new ConcurrentHashMap<>();
        for (long s = first; s <= last; s++) {
            finalized.put(s, new CountDownLatch(1));
        }
        DeliveryLatency latency = new DeliveryLatency();
        Map<String, AtomicLong> filesPerRetailer = new TreeMap<>();
        AtomicLong filesPublished = new AtomicLong();
        MdmsConfig mdmsConfig = MdmsConfig.builder(runDir)
                .journalDir(runDir.resolve("journal"))
                .masterDataFile(masterData)
                .exchangesFile(exchangesFile)
                .ports(options.fixedPorts() ? MdmsConfig.DEFAULT_DELIVERY_PORT : 0,
                        options.fixedPorts() ? MdmsConfig.DEFAULT_QUESTDB_HTTP_PORT : freePort(),
                        options.fixedPorts() ? MdmsConfig.DEFAULT_QUESTDB_PG_PORT : freePort())
                .build();
        mdms = track(new MdmsServer(mdmsConfig, clock));
        mdms.engine().addFilePublishedListener((retailer, name, slotIndex, size, publishedAt) -> {
            if (name.startsWith("W41110") && name.startsWith("00", 18)) {
                // delivery latency counts a slot's first issue; re-issued revisions and per-day files come later by design
                latency.record(Duration.between(Slots.end(slotIndex), publishedAt));
            }
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

        // Switching shares the MDMS's supply registry: a matched switch re-addresses the point's files.
        switching = track(new SwitchingServer(SwitchingConfig.defaults(runDir)
                .withPort(options.fixedPorts() ? SwitchingConfig.DEFAULT_PORT : 0)
                .withDeadlineBefore(Duration.ofMinutes(30)), mdms.master().registry(), clock));
        step("switch", "switching service :%d (applications journaled in %s), matching batch every %d min",
                switching.port(), switching.config().journalDir(), switching.config().matchingInterval().toMinutes());

        front = track(new FrontServer(FrontConfig.builder(pki.serverCertificate(), pki.serverPrivateKey(), pki.caCertificate())
                .listen("127.0.0.1", options.fixedPorts() ? FrontConfig.DEFAULT_PORT : 0)
                .backend("127.0.0.1", mdms.deliveryPort())
                .switchingBackend("127.0.0.1", switching.port())
                .revocation(pki.crl(), pki.suspended())
                .build()));
        int frontPort = front.start();
        step("front", "DMZ https://127.0.0.1:%d (mutual TLS, CA %s)", frontPort, pki.caCertificate());

        InetAddress loopback = InetAddress.getLoopbackAddress();
        MeterKeys keys = new MeterKeys(masterKey);
        TcpBatchClient tcp = track(new TcpBatchClient(new InetSocketAddress(loopback, hes.tcpPort()), 10_000));
        CoapBatchClient coap = track(new CoapBatchClient(new InetSocketAddress(loopback, hes.coapPort()), 10_000));
        MeterSimulator sim = track(new MeterSimulator(population, keys, tcp, coap, clock, ArrivalDelays.defaults(simConfig.seed()), options.faults()));
        int[] perPath = new int[4];
        for (int i = 0; i < population.size(); i++) {
            perPath[population.pathCode(i)]++;
        }
        step("sim", "%,d meters: Wi-SUN %,d via %d border routers, PLC %,d via %d concentrators, 1:N %,d via %d relays; %d retailers",
                population.size(), perPath[1], population.sourceCount(CommPath.WISUN), perPath[2], population.sourceCount(CommPath.PLC),
                perPath[3], population.sourceCount(CommPath.RELAY), simConfig.retailers().size());

        // A retailer takes over one point of another at the first midnight of the run, through the front.
        OperatorCode currentRetailer = simConfig.retailers().get(0);
        OperatorCode newRetailer = simConfig.retailers().get(1);
        switchDate = Slots.number(first) == 1 ? Slots.jstDate(first) : Slots.jstDate(first).plusDays(1);
        switchedPoint = firstPointOf(currentRetailer, first);
        SwitchingScenario scenario = new SwitchingScenario(URI.create("https://127.0.0.1:" + frontPort),
                tls(currentRetailer.value()), tls(newRetailer.value()));
        Map<String, String> filed = scenario.file(switchedPoint, switchDate);
        wrongOperatorDenied = scenario.foreignReadStatus() == 403;
        // IF_10310: the customer gives a third retailer its consent password (registered by us, the TSO); the
        // retailer applies through the front and, after the run, reads the point's usage values
        switching.service().usageSource((point, from, to) -> mdms.store().readPoint(point.value(), from, to).stream()
                .map(v -> new jp.ami.switching.UsageSource.SlotValue(Instant.ofEpochSecond(v.slotEndEpochSecond()), v.valueUnits(), v.status()))
                .toList());
        usageRetailer = simConfig.retailers().get(2);
        switching.service().registerConsent(OperatorCode.of(mdms.config().tsoCode()), switchedPoint, "demo-consent-1", null);
        var usageApp = scenario.fileUsageInfo(tls(usageRetailer.value()), switchedPoint, "demo-consent-1");
        usageApplication = usageApp.get("id").asText();
        malformedJsonField = scenario.malformedJsonField();
        step("switch", "%s applied to take %s from %s on %s (廃止取次 %s answered OK, stop %s filed for %s, start %s)",
                newRetailer, switchedPoint, currentRetailer, switchDate, filed.get("brokering"), filed.get("stop"),
                currentRetailer, filed.get("start"));

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

        if (!exchanges.isEmpty()) {
            step("exchange", "%,d meters exchanged during the run (%s); %,d values flagged EXCHANGE in QuestDB", exchanges.size(),
                    exchangesFile, exchangeFlagged());
        }

        // A retailer pulls its files over mutual TLS and checks them against QuestDB.
        String retailer = simConfig.retailers().get(0).value();
        URI base = URI.create("https://127.0.0.1:" + frontPort);
        DemoSummary.Pull pull = pullAndVerify(retailer, simConfig.retailers().get(1).value(), base);
        DemoSummary.Switching switchingSummary = checkSwitching(currentRetailer.value(), newRetailer.value(), base, first, last);

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
                collectionSummary(first, last),
                new DemoSummary.Values(mdms.store().count(), es.estimated(), es.missing(), es.present()),
                new DemoSummary.Files(filesPublished.get(), perRetailer.size(), perRetailer),
                pull,
                switchingSummary,
                new DemoSummary.Delivery(latency.percentileMinutes(50), latency.percentileMinutes(99), latency.maxMinutes(),
                        latency.withinBudgetShare(), latency.count()),
                new DemoSummary.Run(Math.round((System.nanoTime() - wallStart) / 1e8) / 10.0, speed,
                        Slot.ofIndex(first).toString(), Slot.ofIndex(last).toString()));
        LOG.info("demo summary {}", summary);
        return summary;
    }

    /** Rows of {@code lv_30min} flagged meter exchange (vee_flags bit 32). */
    long exchangeFlagged() throws java.sql.SQLException {
        var store = mdms.store();
        if (!(store instanceof jp.ami.mdms.store.QuestDbStore) && !(store instanceof jp.ami.mdms.store.IlpQuestDbStore)) {
            return -1;
        }
        try (var c = store instanceof jp.ami.mdms.store.QuestDbStore q ? q.connect() : ((jp.ami.mdms.store.IlpQuestDbStore) store).connect();
             var st = c.createStatement();
             var rs = st.executeQuery("select count() from lv_30min where vee_flags & 32 = 32")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Sums the head-end's per-boundary collection statistics over the run (the opening boundary included). */
    private DemoSummary.Collection collectionSummary(long first, long last) {
        long expected = 0;
        long firstTry = 0;
        long recovered = 0;
        long missing = 0;
        Map<String, Map<String, Long>> byPath = new java.util.TreeMap<>();
        for (var v : hes.collection().slots()) {
            if (v.slotIndex() < first - 1 || v.slotIndex() > last) {
                continue;
            }
            expected += v.expected();
            firstTry += v.firstTry();
            recovered += v.recovered();
            missing += v.missing();
            v.byPath().forEach((path, c) -> {
                Map<String, Long> m = byPath.computeIfAbsent(path, k -> new java.util.LinkedHashMap<>());
                m.merge("expected", c.expected(), Long::sum);
                m.merge("firstTry", c.firstTry(), Long::sum);
                m.merge("recovered", c.recovered(), Long::sum);
                m.merge("missing", c.missing(), Long::sum);
            });
        }
        return new DemoSummary.Collection(expected, firstTry, recovered, missing, byPath);
    }

    private DemoSummary.Pull pullAndVerify(String retailer, String otherRetailer, URI base) throws Exception {
        SSLContext mine = tls(retailer);
        RetailerPull pull = RetailerPull.of(retailer, new RetailerClient(base, mine));
        long[] checked = new long[1];
        Map<Long, List<StoredValue>> storedBySlot = new HashMap<>();
        boolean verified = pull.verify(s -> storedBySlot.computeIfAbsent(s, mdms.store()::read), mdms.master().registry(), mdms.config().statusMissing(), checked);
        exampleFile = pull.exampleFile;
        Map<String, byte[]> myBytes = new HashMap<>();
        RetailerClient client = new RetailerClient(base, mine);
        for (RemoteFile f : client.list()) {
            myBytes.put(f.name(), client.download(f.name()));
        }
        boolean otherDenied = otherRetailerDenied(retailer, otherRetailer, base, mine, myBytes);
        boolean noCertDenied = noCertificateDenied(base);
        step("pull", "%s pulled %d files (%d per-day, %,d bytes) over mutual TLS; %,d values equal QuestDB: %s; other retailer's files denied: %s; no certificate denied: %s",
                retailer, pull.files, pull.dayFiles, pull.bytes, checked[0], verified, otherDenied, noCertDenied);
        lastPull = pull;
        return new DemoSummary.Pull(retailer, pull.files, pull.bytes, verified, otherDenied, noCertDenied, checked[0], pull.dayFiles);
    }

    /**
     * Reads both retailers' pulled files: the switched point's values must be in the current retailer's files
     * only before the switch date and in the new retailer's only from its first slot — never both, never neither.
     */
    private DemoSummary.Switching checkSwitching(String currentRetailer, String newRetailer, URI base, long first, long last) throws Exception {
        RetailerPull current = lastPull != null && lastPull.retailer.equals(currentRetailer) ? lastPull
                : RetailerPull.of(currentRetailer, new RetailerClient(base, tls(currentRetailer)));
        RetailerPull next = RetailerPull.of(newRetailer, new RetailerClient(base, tls(newRetailer)));
        long switchSlot = Slots.index(switchDate, 1);
        String point = switchedPoint.value();
        boolean routed = true;
        int before = 0;
        int after = 0;
        for (long s = first; s <= last; s++) {
            boolean inCurrent = current.holds(s, point);
            boolean inNew = next.holds(s, point);
            boolean ok = s < switchSlot ? inCurrent && !inNew : inNew && !inCurrent;
            if (!ok) {
                LOG.error("switched point {} in slot {}: in {} files {}, in {} files {}", point, jp.ami.model.Slot.ofIndex(s),
                        currentRetailer, inCurrent, newRetailer, inNew);
            }
            routed &= ok;
            if (s < switchSlot) {
                before++;
            } else {
                after++;
            }
        }
        // IF_10310: the usage values the third retailer reads through the front must be exactly QuestDB's
        var usage = new SwitchingScenario(base, tls(currentRetailer), tls(newRetailer)).usage(tls(usageRetailer.value()), usageApplication);
        var stored = mdms.store().readPoint(point, Slots.start(first), Slots.end(last));
        boolean usageVerified = usage.get("values").size() == stored.size() && !stored.isEmpty();
        for (int i = 0; usageVerified && i < stored.size(); i++) {
            var got = usage.get("values").get(i);
            var want = stored.get(i);
            usageVerified = got.get("slotEnd").asText().equals(Instant.ofEpochSecond(want.slotEndEpochSecond()).toString())
                    && (want.valueUnits() == null ? got.get("kwh").isNull() : got.get("kwh").asText().equals(jp.ami.model.Kwh.format(want.valueUnits())));
        }
        long monthlyUnits = 0;
        for (var m : usage.get("months")) {
            monthlyUnits += jp.ami.model.Kwh.parseUnits(m.get("kwh").asText());
        }
        usageVerified &= monthlyUnits == stored.stream().mapToLong(v -> v.valueUnits() == null ? 0 : v.valueUnits()).sum();
        step("usage", "%s read %d usage values of %s (IF_10310 %s, %d months) through the front: equal to QuestDB %s",
                usageRetailer, usage.get("values").size(), point, usageApplication, usage.get("months").size(), usageVerified);
        var apps = switching.service().all();
        long matched = apps.stream().filter(a -> a.type() == jp.ami.switching.ApplicationType.SWITCH_START
                && a.status() == jp.ami.switching.Status.OK).count();
        step("switch", "%s: %d slots before %s in %s's files only, %d from it in %s's only: %s; applications %d, matched starts %d; "
                        + "wrong operator denied: %s; malformed JSON rejected naming %s",
                point, before, switchDate, currentRetailer, after, newRetailer, routed, apps.size(), matched, wrongOperatorDenied, malformedJsonField);
        return new DemoSummary.Switching(apps.size(), matched, routed, point, switchDate.toString(), before, after,
                wrongOperatorDenied, malformedJsonField, usageVerified);
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

    private SSLContext tls(String operator) throws IOException {
        return TlsMaterial.fromPem(pki.clientCertificate(operator), pki.clientPrivateKey(operator), pki.caCertificate());
    }

    /** The first supply point (in registry order) that {@code retailer} supplies at {@code slot}. */
    private jp.ami.model.SupplyPointId firstPointOf(OperatorCode retailer, long slot) {
        var registry = mdms.master().registry();
        for (int p = 0; p < registry.size(); p++) {
            if (registry.retailerAt(p, slot).equals(retailer)) {
                return registry.pointAt(p);
            }
        }
        throw new IllegalStateException("retailer " + retailer + " supplies no point");
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

    /** Speed so that the simulated part (clock lead, slots, last cut-off) takes about 45 s of wall time. */
    static long autoSpeed(int slots) {
        long simSeconds = CLOCK_LEAD.toSeconds() + slots * (long) Slots.SECONDS_PER_SLOT + 25 * 60;
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
