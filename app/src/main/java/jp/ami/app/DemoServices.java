package jp.ami.app;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jp.ami.certs.Pki;
import jp.ami.front.FrontConfig;
import jp.ami.front.FrontMetricsServer;
import jp.ami.front.FrontServer;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesServer;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.MdmsServer;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slots;
import jp.ami.switching.SwitchingConfig;
import jp.ami.switching.SwitchingServer;

/**
 * The demo's four services, started in the order they depend on each other — head-end, MDMS, switching, DMZ
 * front — then the {@link OperatorDashboard} over them; each service the one {@code ./ami} runs alone, on the documented ports or (tests) on free ones. Each is
 * handed to the run's {@link Resources} as soon as it exists, so a failed start closes what is up.
 */
final class DemoServices {
    private final DemoOptions options;
    private final Resources resources;
    private final DemoProgress progress;
    private HesServer hes;
    private MdmsConfig mdmsConfig;
    private MdmsServer mdms;
    private PublishedFiles published;
    private UsageNoticeLog notices;
    private SlotFinalisations finalisations;
    private SwitchingServer switching;
    private FrontServer front;
    private int frontPort;
    private volatile OperatorDashboard dashboard;
    private FrontMetricsServer frontMetrics;

    DemoServices(DemoOptions options, Resources resources, DemoProgress progress) {
        this.options = options;
        this.resources = resources;
        this.progress = progress;
    }

    /** Starts the services for the slots {@code first}–{@code last} on {@code clock}; prints a line for each. */
    void start(DemoInputs inputs, Pki pki, SimulatedClock clock, long first, long last) throws Exception {
        Path journal = inputs.runDir().resolve("journal");
        hes = resources.track(HesServer.start(HesConfig.defaults(journal, inputs.masterKey())
                .withPorts(options.fixedPorts() ? HesConfig.DEFAULT_TCP_PORT : 0, options.fixedPorts() ? HesConfig.DEFAULT_COAP_PORT : 0)
                .withMeters(inputs.simConfig().firstMeterId(), options.meters())
                .withExchanges(inputs.exchangesFile() == null ? List.of() : jp.ami.hes.MeterExchange.load(inputs.exchangesFile())), clock));
        progress.step("hes", "TCP :%d (PLC concentrators, 1:N relays), CoAP/UDP :%d (Wi-SUN border routers), journal %s",
                hes.tcpPort(), hes.coapPort(), journal);

        published = new PublishedFiles();
        notices = new UsageNoticeLog();
        mdmsConfig = MdmsConfig.builder(inputs.runDir())
                .journalDir(journal)
                .masterDataFile(inputs.masterData())
                .exchangesFile(inputs.exchangesFile())
                .deliveryPort(options.fixedPorts() ? MdmsConfig.DEFAULT_DELIVERY_PORT : 0).questDbHttpPort(options.fixedPorts() ? MdmsConfig.DEFAULT_QUESTDB_HTTP_PORT : freePort()).questDbPgPort(options.fixedPorts() ? MdmsConfig.DEFAULT_QUESTDB_PG_PORT : freePort())
                .build();
        mdms = resources.track(new MdmsServer(mdmsConfig, clock));
        mdms.engine().addFilePublishedListener(published);
        mdms.engine().addNoticeListener(notices);
        finalisations = SlotFinalisations.expect(mdms, first, last);
        // The simulation covers exactly these slots: time stops one minute after the last one's cut-off, so the
        // slot after it (opened by the readings that close the last one) is never finalised as missing.
        clock.stopAt(Slots.end(last).plus(mdmsConfig.cutoff()).plusSeconds(60));
        progress.step("mdms", "QuestDB embedded: console http://127.0.0.1:%d, PG wire 127.0.0.1:%d; internal delivery :%d; cut-off %d min after slot end",
                mdmsConfig.questDbHttpPort(), mdmsConfig.questDbPgPort(), mdms.deliveryPort(), mdmsConfig.cutoff().toMinutes());

        // Switching shares the MDMS's supply registry: a matched switch re-addresses the point's files.
        switching = resources.track(new SwitchingServer(SwitchingConfig.defaults(inputs.runDir())
                .withPort(options.fixedPorts() ? SwitchingConfig.DEFAULT_PORT : 0)
                .withDeadlineBefore(Duration.ofMinutes(30)), mdms.master().registry(),
                // IF_10110's facility data (meter, amperes, reading group) from the same master data, by the same indexes
                jp.ami.switching.RegistryCsv.read(inputs.masterData(), mdmsConfig.readingCalendar()).details(), clock));
        progress.step("switch", "switching service :%d (applications journaled in %s), matching batch every %d min",
                switching.port(), switching.config().journalDir(), switching.config().matchingInterval().toMinutes());

        front = resources.track(new FrontServer(FrontConfig.builder(pki.serverCertificate(), pki.serverPrivateKey(), pki.caCertificate())
                .host("127.0.0.1").port(options.fixedPorts() ? FrontConfig.DEFAULT_PORT : 0)
                .backendHost("127.0.0.1").backendPort(mdms.deliveryPort())
                .switchingHost("127.0.0.1").switchingPort(switching.port())
                .crlFile(pki.crl()).suspensionFile(pki.suspended())
                .build()));
        frontPort = front.start();
        progress.step("front", "DMZ https://127.0.0.1:%d (mutual TLS, CA %s)", frontPort, pki.caCertificate());

        DashboardFigures figures = new DashboardFigures(hes, mdms, front, published, clock);
        dashboard = resources.track(OperatorDashboard.start(options.fixedPorts() ? OperatorDashboard.DEFAULT_PORT : 0, figures::snapshot,
                slots -> Worklist.of(hes.ingest(), mdms.master(), slots)));
        progress.step("dashboard", "operator dashboard %s (loopback only: collection, delivery latency, MDMS lag, front refusals, "
                + "worklist of meters not reporting)", dashboard.url());
        // the front's metrics on a loopback port of their own; the PKI index's client-certificate expiry beside them
        frontMetrics = resources.track(FrontMetricsServer.start(front, options.fixedPorts() ? FrontMetricsServer.DEFAULT_PORT : 0));
        PkiMetrics.register(frontMetrics.metrics(), pki.index(), front.clock());
        List<String> urls = metricsUrls();
        progress.step("metric", "Prometheus /metrics: hes %s  mdms %s  switching %s  front %s", urls.toArray());
    }

    /**
     * The {@code /metrics} URLs of the four services, one registry each: head-end (its statistics port), MDMS (its
     * internal delivery port), switching (its internal API port) and front (a loopback port of its own).
     */
    List<String> metricsUrls() {
        return List.of(url(hes.httpPort()), url(mdms.deliveryPort()), url(switching.port()), url(frontMetrics.port()));
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port + jp.ami.service.metrics.Metrics.PATH;
    }

    HesServer hes() {
        return hes;
    }

    MdmsServer mdms() {
        return mdms;
    }

    /** The MDMS's configuration as the demo built it (the cut-off, the QuestDB ports). */
    MdmsConfig mdmsConfig() {
        return mdmsConfig;
    }

    PublishedFiles published() {
        return published;
    }

    /** The confirmed-usage notices published so far. */
    UsageNoticeLog notices() {
        return notices;
    }

    SlotFinalisations finalisations() {
        return finalisations;
    }

    SwitchingServer switching() {
        return switching;
    }

    FrontServer front() {
        return front;
    }

    /** The operator dashboard, null until the services are up. */
    OperatorDashboard dashboard() {
        return dashboard;
    }

    /** The port {@link FrontServer#start()} returned. */
    int frontPort() {
        return frontPort;
    }

    /** A port free right now (QuestDB needs a concrete port; only the tests run on free ports). */
    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
