package jp.ami.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jp.ami.app.RetailerTls;
import jp.ami.certs.Pki;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slots;

/**
 * One run of the whole pipeline as five processes — {@code ./ami switching}, {@code mdms --switching …},
 * {@code hes}, {@code front} and {@code sim} — on one simulated clock they all derive from the same anchor (so a
 * service started again after a SIGKILL rejoins the same simulated time), with a supplier switch filed through
 * the front before the first slot and effective during the run. With a {@link KillSchedule} the named processes are
 * SIGKILLed at its moments and started again at once with the same arguments. A killed simulator stands for the
 * meters' concentrators and border routers restarting: started again on the same clock, it sends every batch of the
 * run again from its first slot (its frame counters follow time, as a meter's do, so what was acknowledged before is a
 * duplicate) and the rest when due. The run ends when the MDMS has
 * finalised the last slot and every retailer's file for it is out; then the retailers' applications are read back.
 */
final class ChaosRun {
    /** What one run left behind. */
    record Result(Path outbox, Map<String, Integer> applications, List<KillRecord> kills, int switchRetries, double seconds,
                  String simSummary) {
    }

    /** One kill as it happened: which, at what simulated time, and real seconds until it took connections again. */
    record KillRecord(String target, Instant at, double recoverySeconds) {
    }

    private static final Duration READY = Duration.ofSeconds(90);

    private final ChaosInputs inputs;
    private final ChaosPorts ports;
    private final Consumer<String> progress;

    ChaosRun(ChaosInputs inputs, ChaosPorts ports, Consumer<String> progress) {
        this.inputs = inputs;
        this.ports = ports;
        this.progress = progress;
    }

    Result run(Path dir, KillSchedule schedule) throws Exception {
        long wallStart = System.nanoTime();
        Files.createDirectories(dir.resolve("log"));
        ChaosInputs.Timeline t = inputs.timeline();
        // the anchor: the simulated clock reads t.start() 15 s of real time from now, time enough to start the JVMs
        Instant wallAnchor = Instant.now().plusSeconds(15);
        SimulatedClock clock = SimulatedClock.anchored(t.start(), wallAnchor, inputs.speed(), Clock.systemUTC());
        List<String> clockArgs = List.of("--clock-start", t.start().toString(), "--clock-speed", Long.toString(inputs.speed()),
                "--clock-anchor", wallAnchor.toString());
        Map<String, ServiceProcess> services = services(dir, clockArgs);
        List<KillRecord> kills = new ArrayList<>();
        ServiceProcess sim = null;
        try {
            for (ServiceProcess s : services.values()) {
                s.start();
            }
            for (ServiceProcess s : services.values()) {
                s.awaitReady(READY);
            }
            progress.accept("services up at " + ChaosInputs.JST_TIME.format(clock.instant()) + " JST (simulated)");
            SwitchFiling filing = new SwitchFiling(URI.create("https://127.0.0.1:" + ports.front()),
                    RetailerTls.of(inputs.pki(), inputs.currentRetailer()), RetailerTls.of(inputs.pki(), inputs.newRetailer()));
            Map<String, String> ids = filing.file(inputs.switchedPoint(), inputs.switchDate(), inputs.offCycle(), "chaos");
            progress.accept("switch filed at " + ChaosInputs.JST_TIME.format(clock.instant()) + " JST: " + inputs.newRetailer() + " takes "
                    + inputs.switchedPoint() + " from " + inputs.currentRetailer() + " on " + inputs.switchDate() + " " + ids);
            if (clock.instant().isAfter(t.matchingDeadline())) {
                throw new IllegalStateException("the switch was filed after its matching deadline " + t.matchingDeadline()
                        + "; give the services more time (a lower --speed)");
            }
            Instant simAnchor = wallAnchor.plus(Duration.between(t.start(), t.firstSlotStart()).dividedBy(inputs.speed()));
            sim = new ServiceProcess("sim", simArgs(simAnchor), 0, dir, dir.resolve("log"), "1g");
            sim.start();
            for (KillSchedule.Kill kill : schedule.kills()) {
                awaitClock(clock, kill.at());
                ServiceProcess victim = kill.target().equals("sim") ? sim : services.get(kill.target());
                Instant at = clock.instant();
                long k0 = System.nanoTime();
                victim.kill();
                victim.start();
                victim.awaitReady(READY);
                double recovery = (System.nanoTime() - k0) / 1e9;
                kills.add(new KillRecord(kill.target(), at, recovery));
                progress.accept(String.format("kill %d/%d: %s SIGKILLed at %s JST, taking connections again after %.1f s",
                        kills.size(), schedule.kills().size(), kill.target(), ChaosInputs.JST_TIME.format(at), recovery));
            }
            int simExit = sim.waitFor(Duration.ofSeconds(Duration.between(clock.instant(), t.lastSlotEnd()).getSeconds() / inputs.speed() + 120));
            if (simExit != 0) {
                throw new IOException("the simulator exited with " + simExit + ": " + sim.logTail());
            }
            awaitClock(clock, t.lastCutoff());
            awaitFinalised(t, services.get("mdms"), dir.resolve("outbox"), Duration.ofSeconds(120));
            Map<String, Integer> applications = filing.count(inputs.switchedPoint(), inputs.currentRetailer(), inputs.newRetailer());
            return new Result(dir.resolve("outbox"), applications, List.copyOf(kills), filing.retries(),
                    (System.nanoTime() - wallStart) / 1e9, sim.logTail());
        } finally {
            if (sim != null) {
                sim.close();
            }
            for (ServiceProcess s : services.values()) {
                s.close();
            }
        }
    }

    private Map<String, ServiceProcess> services(Path dir, List<String> clockArgs) {
        Path log = dir.resolve("log");
        Path journal = dir.resolve("journal").toAbsolutePath();
        String master = inputs.masterData().toAbsolutePath().toString();
        Pki pki = inputs.pki();
        Map<String, ServiceProcess> m = new LinkedHashMap<>();
        m.put("switching", new ServiceProcess("switching", concat(List.of("switching", "--var", dir.toAbsolutePath().toString(),
                "--master-data", master, "--port", "" + ports.switching(), "--deadline-hours", "1"), clockArgs),
                ports.switching(), dir, log, "512m"));
        m.put("mdms", new ServiceProcess("mdms", concat(List.of("mdms", "--var", dir.toAbsolutePath().toString(), "--journal", journal.toString(),
                "--master-data", master, "--switching", "http://127.0.0.1:" + ports.switching(),
                "--delivery-port", "" + ports.delivery(), "--questdb-http-port", "" + ports.questDbHttp(),
                "--questdb-pg-port", "" + ports.questDbPg()), clockArgs), ports.delivery(), dir, log, "1g"));
        m.put("hes", new ServiceProcess("hes", concat(List.of("hes", "--journal", journal.toString(),
                "--master-key-file", inputs.masterKeyFile().toAbsolutePath().toString(), "--meters", "" + inputs.meters(),
                "--first-meter", "" + inputs.firstMeterId(), "--tcp-port", "" + ports.hesTcp(), "--coap-port", "" + ports.hesCoap(),
                "--http-port", "" + ports.hesHttp()), clockArgs), ports.hesTcp(), dir, log, "512m"));
        m.put("front", new ServiceProcess("front", List.of("front", "--cert", pki.serverCertificate().toAbsolutePath().toString(),
                "--key", pki.serverPrivateKey().toAbsolutePath().toString(), "--ca", pki.caCertificate().toAbsolutePath().toString(),
                "--port", "" + ports.front(), "--backend-port", "" + ports.delivery(), "--switching-port", "" + ports.switching(),
                "--metrics-port", "" + ports.frontMetrics()), ports.front(), dir, log, "512m"));
        return m;
    }

    private List<String> simArgs(Instant anchor) {
        return List.of("sim", "--meters", "" + inputs.meters(), "--master-key-file", inputs.masterKeyFile().toAbsolutePath().toString(),
                "--date", inputs.firstDate().toString(), "--first-slot", "" + inputs.firstSlotNumber(), "--slots", "" + inputs.slots(),
                "--speed", "" + inputs.speed(), "--clock-anchor", anchor.toString(),
                "--tcp-port", "" + ports.hesTcp(), "--coap-port", "" + ports.hesCoap());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Waits, in real time, until the simulated clock reads {@code when}. */
    private static void awaitClock(SimulatedClock clock, Instant when) throws InterruptedException {
        long nanos;
        while ((nanos = clock.realNanosUntil(when)) > 0) {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        }
    }

    /**
     * Until the MDMS reports the last slot finalised ({@code ami_mdms_last_finalized_slot_end_timestamp_seconds}) and
     * every retailer directory holds a file of it.
     */
    private void awaitFinalised(ChaosInputs.Timeline t, ServiceProcess mdms, Path outbox, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.delivery() + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String stamp = "W41110" + ChaosInputs.STAMP.format(t.lastSlotEnd().atZone(Slots.JST));
        while (true) {
            long finalised = Long.MIN_VALUE;
            try {
                String body = http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
                for (String line : body.split("\n")) {
                    if (line.startsWith("ami_mdms_last_finalized_slot_end_timestamp_seconds ")) {
                        finalised = (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
                    }
                }
            } catch (IOException notYet) {
                // the MDMS may be starting again after a kill
            }
            if (finalised >= t.lastSlotEnd().getEpochSecond() && allRetailersHold(outbox, stamp)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the last slot was not finalised and published within " + timeout + ": " + mdms.logTail());
            }
            Thread.sleep(100);
        }
    }

    private boolean allRetailersHold(Path outbox, String stamp) throws IOException {
        if (!Files.isDirectory(outbox)) {
            return false;
        }
        for (String retailer : inputs.retailers()) {
            Path d = outbox.resolve(retailer);
            if (!Files.isDirectory(d)) {
                return false;
            }
            try (var files = Files.list(d)) {
                if (files.noneMatch(f -> f.getFileName().toString().startsWith(stamp))) {
                    return false;
                }
            }
        }
        return true;
    }
}
