package jp.ami.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./ami demo}: the whole pipeline in one JVM on embedded defaults, then a readable summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole platform in one JVM: simulated meters → head-end → journal → MDMS (embedded QuestDB) → XML files → DMZ front → a retailer's mutual-TLS pull, checked against QuestDB.",
                "Creates var/pki on first run; var/demo is fresh each run."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    jp.ami.sim.RunOptions run;

    @Option(names = "--days", description = "Run this many whole days instead (48 slots each, at most 62): a month closes "
            + "every reading group's period and issues its confirmed-usage notices.")
    Integer days;

    @Option(names = "--summary", description = "Also write the summary as JSON to this file.")
    Path summaryFile;

    @Option(names = "--speed", defaultValue = "0", description = "Simulated clock speed (default: chosen so the run takes about a minute, longer for runs of more than 180,000 values: 4,000 values per wall second).")
    long speed;

    @Option(names = "--var", defaultValue = "var", description = "Directory for PKI, data and logs (default ${DEFAULT-VALUE}).")
    Path varDir;

    @Mixin
    jp.ami.sim.FaultOptions faults;

    @Option(names = "--pv", defaultValue = "0", description = "Meters with rooftop PV exporting (0xEB), per mille, e.g. 75 (default ${DEFAULT-VALUE}): "
            + "their export values go into the W4 files and QuestDB and are totalled in the confirmed usage; the summary's "
            + "expected readings count their export readings too.")
    int pvPerMille;

    @Option(names = "--keep-running", description = "Keep the services up after the summary (Ctrl-C to stop) to try the console and curl.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        int meters = run.meters();
        int slots = days != null ? days * 48 : run.slots();
        DemoOptions options = new DemoOptions(meters, slots, run.firstSlot(), run.date(Clock.systemUTC()), speed,
                varDir, true, System.out, faults.config(), pvPerMille);
        System.out.printf("ami demo: %,d meters, %d slots from %s slot %d%n", meters, slots, options.date(), run.firstSlot());
        try (Demo demo = new Demo(options)) {
            DemoSummary s;
            try {
                s = demo.run();
            } catch (Exception e) { // an unusable PKI is a user error Ami reports in one line (exit code 2)
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof java.net.BindException) {
                        System.err.println("ami demo: a port the demo listens on is taken (" + t.getMessage() + "). The demo uses "
                                + "8443 and 8085 (front, its metrics), 9000 and 8812 (QuestDB), 7201, 5683 and 7202 (head-end), 8081 (delivery), "
                                + "8084 (switching) and 8088 (operator dashboard) on 127.0.0.1: is another ./ami still running?");
                        return 2;
                    }
                }
                throw e;
            }
            print(s, demo);
            if (summaryFile != null) {
                ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                if (summaryFile.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(summaryFile.toAbsolutePath().getParent());
                }
                json.writeValue(summaryFile.toFile(), s);
                System.out.println("summary written to " + summaryFile);
            }
            boolean ok = s.pull().verified() && s.pull().otherRetailerDenied() && s.pull().noCertDenied()
                    && s.switching().routedCorrectly() && s.switching().usageVerified() && s.values().stored() == (long) meters * slots
                    && (s.confirmedUsage().files() == 0 || s.confirmedUsage().pulledVerified());
            if (keepRunning) {
                System.out.println("services keep running; Ctrl-C to stop");
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
                forever.await();
            }
            return ok ? 0 : 1;
        }
    }

    private static String nonZero(Map<String, Long> counts) {
        var m = new java.util.TreeMap<String, Long>();
        counts.forEach((k, v) -> {
            if (v != 0) {
                m.put(k, v);
            }
        });
        return m.isEmpty() ? "none" : m.toString();
    }

    private static void print(DemoSummary s, Demo demo) {
        var o = System.out;
        o.println();
        o.println("== summary ==");
        o.printf("ran          %,d meters × %d slots (%s … %s), clock %d× real time, %.1f s wall%n", s.meters(), s.slots(),
                s.run().firstSlot(), s.run().lastSlot(), s.run().clockSpeed(), s.run().wallSeconds());
        o.printf("readings     expected %,d, journaled %,d, duplicates dropped %,d, rejected %s%n", s.readings().expected(),
                s.readings().journaled(), s.readings().duplicatesDropped(), nonZero(s.readings().rejected()));
        o.printf("collection   first try %,d, recovered by re-collection %,d, still missing %,d%n", s.collection().firstTry(),
                s.collection().recovered(), s.collection().missing());
        o.print("             by path:");
        for (Map.Entry<String, Double> e : s.collectionRate().entrySet()) {
            o.printf(" %s %.2f %%", e.getKey(), e.getValue() * 100);
        }
        o.println();
        o.printf("values       stored in QuestDB %,d (present %,d, estimated %,d, missing %,d)%n", s.values().stored(),
                s.values().present(), s.values().estimated(), s.values().missing());
        o.printf("files        %,d published for %d retailers %s%n", s.files().published(), s.files().retailers(), s.files().perRetailer());
        o.printf("pull         %s: %d files (%d per-day), %,d bytes, %,d values equal QuestDB: %s; other retailer denied: %s; no certificate denied: %s%n",
                s.pull().retailer(), s.pull().files(), s.pull().dayFiles(), s.pull().bytes(), s.pull().valuesChecked(), s.pull().verified(),
                s.pull().otherRetailerDenied(), s.pull().noCertDenied());
        o.printf("switching    %d applications, %d matched; %s moved on %s: routed correctly %s (%d slots before, %d after); "
                        + "wrong operator denied %s; malformed JSON rejected naming %s; IF_10310 usage values equal QuestDB %s%n",
                s.switching().applications(), s.switching().matched(), s.switching().point(), s.switching().switchDate(),
                s.switching().routedCorrectly(), s.switching().slotsBefore(), s.switching().slotsAfter(),
                s.switching().wrongOperatorDenied(), s.switching().malformedJsonField(), s.switching().usageVerified());
        o.printf("delivery     slot end → downloadable (simulated minutes): p50 %.1f, p99 %.1f, max %.1f; within the 60-minute budget: %.1f %%%n",
                s.delivery().p50Minutes(), s.delivery().p99Minutes(), s.delivery().maxMinutes(), s.delivery().withinBudget() * 100);
        var u = s.confirmedUsage();
        if (u.files() == 0) {
            o.println("usage        no confirmed-usage notice due in this run (no reading day closed inside it; try --days 35)");
        } else {
            o.printf("usage        %,d confirmed-usage files (W5), %,d records; registers match %s; within 4 business days %.1f %%; "
                            + "%d exchanges, %d special readings; groups × retailers %d of %d; pulled %d files, equal QuestDB %s%n",
                    u.files(), u.points(), u.matchesRegisters(), u.withinDeadline() * 100, u.exchanges(), u.specialReadings(),
                    u.groupsDelivered(), u.groupsExpected(), u.pulledFiles(), u.pulledVerified());
        }
        o.println();
        o.println("look next    dashboard        " + s.operator().dashboard() + "   (with --keep-running; live while the demo runs)");
        o.println("             retailer screen  https://127.0.0.1:" + demo.frontPort() + "/screen/   (a browser with a retailer's certificate)");
        o.println("             QuestDB console  http://127.0.0.1:" + demo.mdms().config().questDbHttpPort() + "   (select * from lv_30min limit 20)");
        o.println("             PG wire          psql -h 127.0.0.1 -p " + demo.mdms().config().questDbPgPort() + " -U admin qdb   (password quest)");
        String code = s.pull().retailer();
        var pki = demo.pki();
        o.println("             pull a file      (with --keep-running) curl --cacert " + pki.caCertificate() + " --cert " + pki.clientCertificate(code)
                + " --key " + pki.clientPrivateKey(code) + " -o " + demo.exampleFile()
                + " 'https://127.0.0.1:" + demo.frontPort() + "/30min/FileReceiver?file=" + demo.exampleFile() + "'");
        o.println("             files            " + demo.mdms().config().outboxDir() + "   logs var/log/ami.log, var/log/front-audit.log");
        o.println("             metrics          (with --keep-running) " + String.join("  ", s.operator().metrics()));
    }
}
