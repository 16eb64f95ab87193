package jp.ami.bench.e2e;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.ami.app.Resources;
import jp.ami.app.RetailerTls;
import jp.ami.app.SlotFinalisations;
import jp.ami.bench.BenchFiles;
import jp.ami.certs.Pki;
import jp.ami.front.FrontConfig;
import jp.ami.front.FrontServer;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesServer;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.MdmsServer;
import jp.ami.retailer.RetailerClient;
import jp.ami.sim.CoapBatchClient;
import jp.ami.sim.TcpBatchClient;

/**
 * The platform under test, on free ports: head-end, MDMS (embedded QuestDB) told to expect the run's slots, DMZ
 * front; the load generator's TCP and CoAP clients; one front client per retailer. For the memory figures the
 * services are closed one by one ({@link #closeLoadGenerator} … {@link #closeMdms}): each is closed, forgotten by
 * the run's {@link Resources} and dropped here, so the next heap measurement sees its heap go.
 */
final class E2ePlatform {
    private final Resources resources;
    private final MdmsConfig mdmsConfig;
    private final Map<Long, Map<String, Set<String>>> filesBySlot;
    private final SlotFinalisations finalisations;
    private final Map<String, RetailerClient> clients;
    private final int[] pointsPerRetailer;
    private HesServer hes;
    private MdmsServer mdms;
    private FrontServer front;
    private TcpBatchClient tcp;
    private CoapBatchClient coap;
    private LoadGenerator load;

    private E2ePlatform(Resources resources, HesServer hes, MdmsConfig mdmsConfig, MdmsServer mdms,
                        Map<Long, Map<String, Set<String>>> filesBySlot, SlotFinalisations finalisations, FrontServer front,
                        TcpBatchClient tcp, CoapBatchClient coap, LoadGenerator load, Map<String, RetailerClient> clients,
                        int[] pointsPerRetailer) {
        this.resources = resources;
        this.hes = hes;
        this.mdmsConfig = mdmsConfig;
        this.mdms = mdms;
        this.filesBySlot = filesBySlot;
        this.finalisations = finalisations;
        this.front = front;
        this.tcp = tcp;
        this.coap = coap;
        this.load = load;
        this.clients = clients;
        this.pointsPerRetailer = pointsPerRetailer;
    }

    /** Starts everything for the slots of {@code in} into {@code run}, each handed to {@code resources}; prints one line. */
    static E2ePlatform start(E2eRun.Options o, E2eInputs in, Path run, Resources resources, PrintStream out) throws Exception {
        long first = in.first();
        long last = in.last();
        Pki pki = in.pki();
        HesServer hes = resources.track(HesServer.start(HesConfig.defaults(run.resolve("journal"), in.masterKey()).withPorts(0, 0)
                .withHttpPort(0).withMeters(in.simConfig().firstMeterId(), o.meters()), in.clock()));
        MdmsConfig mdmsConfig = MdmsConfig.builder(run).journalDir(run.resolve("journal"))
                .masterDataFile(in.masterCsv()).deliveryPort(0).questDbHttpPort(BenchFiles.freeLoopbackPort()).questDbPgPort(BenchFiles.freeLoopbackPort()).build();
        MdmsServer mdms = resources.track(new MdmsServer(mdmsConfig, in.clock()));
        Map<Long, Map<String, Set<String>>> filesBySlot = new ConcurrentHashMap<>();
        for (long s = first; s <= last; s++) {
            filesBySlot.put(s, new ConcurrentHashMap<>());
        }
        mdms.engine().addFilePublishedListener((retailer, name, slotIndex, size, at) -> {
            Map<String, Set<String>> m = filesBySlot.get(slotIndex);
            if (m != null && name.startsWith("W41110")) {
                m.computeIfAbsent(retailer.value(), k -> ConcurrentHashMap.newKeySet()).add(name);
            }
        });
        SlotFinalisations finalisations = SlotFinalisations.expect(mdms, first, last);
        FrontServer front = resources.track(new FrontServer(FrontConfig.defaults(pki.serverCertificate(), pki.serverPrivateKey(), pki.caCertificate())
                .withListen("127.0.0.1", 0).withBackend("127.0.0.1", mdms.deliveryPort())
                .withRevocation(pki.crl(), pki.suspended())));
        URI base = URI.create("https://127.0.0.1:" + front.start());
        InetAddress lo = InetAddress.getLoopbackAddress();
        TcpBatchClient tcp = resources.track(new TcpBatchClient(new InetSocketAddress(lo, hes.tcpPort()), 60_000));
        CoapBatchClient coap = resources.track(new CoapBatchClient(new InetSocketAddress(lo, hes.coapPort()), 60_000));
        LoadGenerator load = resources.track(new LoadGenerator(tcp, o.tcpConnections(), o.tcpWindow(), coap, o.coapEndpoints(),
                o.coapWindow(), in.clock()));
        Map<String, RetailerClient> clients = new LinkedHashMap<>();
        for (String r : in.retailerCodes()) {
            clients.put(r, new RetailerClient(base, RetailerTls.of(pki, r)));
        }
        int[] pointsPerRetailer = pointsPerRetailer(mdms, first);
        out.printf("  up     HES tcp :%d coap :%d, MDMS (QuestDB pg :%d), front %s; %,d meters, %d retailers, window %d min, %s%n",
                hes.tcpPort(), hes.coapPort(), mdmsConfig.questDbPgPort(), base, o.meters(), in.retailerCodes().size(),
                o.windowMinutes(), o.rate() > 0 ? String.format("offered %,d readings/s (open loop)", o.rate()) : "closed loop");
        return new E2ePlatform(resources, hes, mdmsConfig, mdms, filesBySlot, finalisations, front, tcp, coap, load, clients,
                pointsPerRetailer);
    }

    MdmsConfig mdmsConfig() {
        return mdmsConfig;
    }

    /** The MDMS; null once {@link #closeMdms} ran. */
    MdmsServer mdms() {
        return mdms;
    }

    LoadGenerator load() {
        return load;
    }

    /** For one of the run's slots: per retailer code, the names of the slot's files published so far. */
    Map<String, Set<String>> filesOf(long slot) {
        return filesBySlot.get(slot);
    }

    SlotFinalisations finalisations() {
        return finalisations;
    }

    /** One front client per retailer code, in the master data's retailer order. */
    Map<String, RetailerClient> clients() {
        return clients;
    }

    /** Supply points per retailer index at the first slot. */
    int[] pointsPerRetailer() {
        return pointsPerRetailer;
    }

    void closeLoadGenerator() {
        for (AutoCloseable c : List.of(load, coap, tcp)) {
            resources.closeNow(c);
        }
        load = null;
        coap = null;
        tcp = null;
    }

    void closeHes() {
        resources.closeNow(hes);
        hes = null; // unreachable now, so the next measurement sees its heap go
    }

    void closeFront() {
        resources.closeNow(front);
        front = null; // unreachable now, so the next measurement sees its heap go
    }

    void closeMdms() {
        resources.closeNow(mdms);
        mdms = null; // unreachable now, so the next measurement sees its heap go
    }

    private static int[] pointsPerRetailer(MdmsServer mdms, long slot) {
        var registry = mdms.master().registry();
        int[] n = new int[registry.retailerCount()];
        for (int p = 0; p < registry.size(); p++) {
            n[registry.retailerIndexAt(p, slot)]++;
        }
        return n;
    }
}
