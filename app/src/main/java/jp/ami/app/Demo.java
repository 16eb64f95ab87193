package jp.ami.app;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import jp.ami.certs.Pki;
import jp.ami.certs.ReusedPki;
import jp.ami.hes.HesServer;
import jp.ami.mdms.MdmsServer;
import jp.ami.model.OperatorCode;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slot;
import jp.ami.model.Slots;
import jp.ami.retailer.RetailerClient;
import jp.ami.sim.SimConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform in one JVM, on real components: simulated meters → head-end (TCP + CoAP) → journal →
 * MDMS (embedded QuestDB, XML outbox, internal delivery service) → DMZ front (mutual TLS) → one retailer's
 * pull, checked against QuestDB. Wired by constructor; every service is the one {@code ./ami} runs alone.
 *
 * <p>{@link #run} is the list of steps; each is one class: {@link DemoInputs} (the files the services read),
 * the PKI, the simulated clock, {@link DemoServices} (head-end, MDMS, switching, front), {@link SimulatedSlots}
 * (the meters and the run of the slots), {@link DemoSwitching} (the supplier switch through the front),
 * {@link PullCheck} (a retailer's pull against QuestDB) and {@link SummaryFigures} (the summary). The
 * {@link OperatorDashboard} is up from the moment the services are ({@link #dashboardUrl()}).
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    static final String PKI_PASSWORD = "ami-demo";
    /** How long before the first slot the simulated clock starts: room for the switching applications. */
    static final Duration CLOCK_LEAD = Duration.ofHours(1);

    private final DemoOptions options;
    private final DemoProgress progress;
    private final Resources resources = new Resources((resource, e) -> LOG.warn("closing {}", resource, e));
    private final Clock wallClock;
    private Pki pki;
    private volatile DemoServices services;
    private PullCheck pullCheck;

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
        this.progress = new DemoProgress(options.out());
        this.wallClock = wallClock;
    }

    /** Runs the demo to the end and returns its summary; services stay up until {@link #close()}. */
    public DemoSummary run() throws Exception {
        long wallStart = System.nanoTime();
        DemoInputs inputs = DemoInputs.write(options);
        SimConfig simConfig = inputs.simConfig();
        pki = ensurePki(simConfig);

        long first = Slots.index(options.date(), options.firstSlot());
        long last = first + options.slots() - 1;
        long speed = options.speed() > 0 ? options.speed() : autoSpeed(options.slots(), options.meters());
        // The clock stands an hour before the first slot until every service is up and the retailers have
        // filed their switching applications, then runs.
        SimulatedClock clock = SimulatedClock.paused(Slots.start(first).minus(CLOCK_LEAD), speed);
        progress.step("clock", "simulated, %d× real time, starting %s JST (first slot %s)", speed,
                java.time.LocalDateTime.ofInstant(clock.instant(), Slots.JST), Slot.ofIndex(first));

        services = new DemoServices(options, resources, progress);
        services.start(inputs, pki, clock, first, last);
        SimulatedSlots slots = SimulatedSlots.connect(inputs, options, services.hes(), clock, resources, progress);
        DemoSwitching switchingPlay = DemoSwitching.file(simConfig, pki, services, first, last, progress);

        slots.run(first, last, services, (long) options.meters() * options.slots());
        if (!inputs.exchanges().isEmpty()) {
            progress.step("exchange", "%,d meters exchanged during the run (%s); %,d values flagged EXCHANGE in QuestDB",
                    inputs.exchanges().size(), inputs.exchangesFile(), exchangeFlagged());
        }

        // An operator corrects one value; then a retailer pulls its files over mutual TLS and checks them against QuestDB.
        String retailer = simConfig.retailers().get(0).value();
        DemoCorrection.run(services.mdms(), retailer, Math.max(first, last - 2), progress);
        URI base = URI.create("https://127.0.0.1:" + services.frontPort());
        pullCheck = new PullCheck(services.mdms(), pki, progress);
        DemoSummary.Pull pull = pullCheck.pullAndVerify(retailer, simConfig.retailers().get(1).value(), base);
        DemoSummary.Switching switchingSummary = switchingPlay.check(base, first, last, pullCheck.pull());

        DemoSummary.ConfirmedUsage usage = UsageCheck.check(services.mdms(), services.notices(),
                new RetailerClient(base, RetailerTls.of(pki, retailer)), first, last, progress);
        // nothing changed since: a re-issue from QuestDB of the first day (when the run finalised all of it, its per-day
        // files too), else of the first slot, must give the delivered bytes
        boolean wholeDay = last >= Slots.index(options.date(), Slots.SLOTS_PER_DAY) && options.firstSlot() == 1;
        Integer reissueSlot = wholeDay ? null : Slots.number(first);
        var reissue = services.mdms().reissue(Slots.jstDate(first), reissueSlot, retailer);
        progress.step("reissue", "%s%s re-issued from QuestDB for %s: %d files identical to the delivered ones, %d republished, %d new revisions",
                Slots.jstDate(first), wholeDay ? "" : " slot " + reissueSlot, retailer, reissue.identical(), reissue.republished(),
                reissue.newRevisions());
        DemoSummary.Revisions revisions = RevisionsCheck.check(services.mdms(), new RetailerClient(base, RetailerTls.of(pki, retailer)),
                reissue.reissueIdentical(), services.mdms().store().historyCount(), progress);
        DemoSummary summary = SummaryFigures.of(options, services, slots.perPath(), pull, switchingSummary, usage, revisions,
                wallStart, speed, first, last);
        LOG.info("demo summary {}", summary);
        return summary;
    }

    /** The PKI in {@code var/pki}, made or renewed as needed; certificates are checked on wall time, not the simulated clock. */
    private Pki ensurePki(SimConfig simConfig) throws Exception {
        List<String> retailerCodes = simConfig.retailers().stream().map(OperatorCode::value).toList();
        java.nio.file.Path pkiDir = options.varDir().resolve("pki");
        for (String note : ReusedPki.ensureUsable(pkiDir, retailerCodes, PKI_PASSWORD, wallClock.instant())) {
            progress.step("pki", "%s", note);
        }
        return Pki.at(pkiDir);
    }

    /** Rows of {@code lv_30min} flagged meter exchange (vee_flags bit 32). */
    long exchangeFlagged() throws java.sql.SQLException {
        return SummaryFigures.exchangeFlagged(services.mdms());
    }

    /** The front's port once started. */
    public int frontPort() {
        return services.front().port();
    }

    /** The front's refusals so far by reason, non-zero ones only (diagnostics). */
    java.util.Map<String, Long> frontRejections() {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        services.front().rejections().forEach((reason, n) -> {
            if (n != 0) {
                m.put(reason.name(), n);
            }
        });
        return m;
    }

    public Pki pki() {
        return pki;
    }

    /** A file the demo retailer pulled, for the printed curl example. */
    public String exampleFile() {
        return pullCheck == null ? null : pullCheck.exampleFile();
    }

    public MdmsServer mdms() {
        return services == null ? null : services.mdms();
    }

    public HesServer hes() {
        return services == null ? null : services.hes();
    }

    /**
     * The operator dashboard's URL ({@code http://127.0.0.1:PORT/}) once the services are up, null before: it is live
     * while {@link #run} runs (safe to call from another thread).
     */
    public String dashboardUrl() {
        DemoServices s = services;
        OperatorDashboard d = s == null ? null : s.dashboard();
        return d == null ? null : d.url();
    }

    /** Speed so that the simulated part (clock lead, slots, last cut-off) takes about 45 s of wall time. */
    static long autoSpeed(int slots, int meters) {
        long simSeconds = CLOCK_LEAD.toSeconds() + slots * (long) Slots.SECONDS_PER_SLOT + 25 * 60;
        // about 45 s of wall time, and at least a wall second per AUTO_VALUES_PER_SECOND values: compressed further,
        // a slot's real work (store, files) spans simulated minutes and the delivery latency measures the compression
        long wall = Math.max(45, (long) slots * meters / AUTO_VALUES_PER_SECOND);
        return Math.max(1, simSeconds / wall);
    }

    /** Values per wall second the automatic clock speed allows for (2-core machine, embedded QuestDB with history). */
    static final int AUTO_VALUES_PER_SECOND = 4_000;

    @Override
    public void close() {
        resources.close();
    }
}
