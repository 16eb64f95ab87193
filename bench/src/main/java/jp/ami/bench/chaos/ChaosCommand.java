package jp.ami.bench.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.ami.bench.BenchFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ami bench chaos --kills K --report DIR}: the pipeline as five processes over several slots with a
 * supplier switch in flight, run twice from the same seed — once clean, once with K services SIGKILLed at seeded
 * random moments and started again — and compared: acknowledged readings lost, values held twice, files not
 * byte-identical, switching applications lost or doubled must all be 0. Writes {@code DIR/summary.json}
 * ({@code kills, lost, duplicates, differing, identicalXml, applicationsLost, applicationsDoubled, …}); exits 1 when
 * any of them is not.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "SIGKILL services at seeded random moments of a five-process run and compare with a clean run of the same seed; writes DIR/summary.json.")
public final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--kills", defaultValue = "20", description = "SIGKILLs in the chaos run (default ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the kill schedule and the master key (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--meters", defaultValue = "200", description = "Simulated meters (default ${DEFAULT-VALUE}).")
    int meters;

    @Option(names = "--slots", defaultValue = "4", description = "30-minute slots from 23:30 JST on 2026-11-23 (default ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--speed", defaultValue = "60", description = "Simulated clock speed (default ${DEFAULT-VALUE}).")
    long speed;

    @Option(names = "--targets", defaultValue = "hes,mdms,switching,front,sim", split = ",",
            description = "Processes the kills choose from (default ${DEFAULT-VALUE}).")
    List<String> targets;

    @Option(names = "--base-port", defaultValue = "17300", description = "First of nine consecutive loopback ports the services use (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--report", defaultValue = "var/bench/chaos", description = "Report directory, emptied first (default: ${DEFAULT-VALUE}).")
    Path report;

    @Override
    public Integer call() throws Exception {
        for (String t : targets) {
            if (!List.of("hes", "mdms", "switching", "front", "sim").contains(t)) {
                throw new jp.ami.model.InvalidValueException("--targets", t, "must be hes, mdms, switching, front or sim");
            }
        }
        if (slots < 1 || slots > 48 || meters < 10 || kills < 0 || speed < 1) {
            throw new jp.ami.model.InvalidValueException("--slots/--meters/--kills/--speed", Arrays.asList(slots, meters, kills, speed),
                    "need 1–48 slots, at least 10 meters, kills ≥ 0, speed ≥ 1");
        }
        BenchFiles.deleteRecursively(report);
        Files.createDirectories(report);
        ChaosInputs inputs = ChaosInputs.write(report.resolve("inputs"), meters, slots, speed, seed, Instant.now());
        ChaosInputs.Timeline t = inputs.timeline();
        KillSchedule schedule = KillSchedule.draw(seed, kills, targets, t.killFrom(), t.killTo());
        ChaosRun run = new ChaosRun(inputs, new ChaosPorts(basePort), line -> System.out.println("chaos: " + line));
        System.out.printf("chaos: %d meters, %d slots from %s #%d at %d× real time; %d kills among %s (seed %d)%n",
                meters, slots, inputs.firstDate(), inputs.firstSlotNumber(), speed, kills, targets, seed);
        System.out.println("chaos: clean run");
        ChaosRun.Result clean = run.run(report.resolve("clean"), new KillSchedule(List.of()));
        System.out.printf("chaos: clean run done in %.0f s%n", clean.seconds());
        System.out.println("chaos: run with kills");
        ChaosRun.Result chaos = run.run(report.resolve("chaos"), schedule);
        System.out.printf("chaos: run with kills done in %.0f s%n", chaos.seconds());
        OutboxComparison cmp = OutboxComparison.of(clean.outbox(), chaos.outbox());
        int applicationsLost = 0;
        int applicationsDoubled = 0;
        for (var e : clean.applications().entrySet()) {
            int n = chaos.applications().getOrDefault(e.getKey(), 0);
            applicationsLost += Math.max(0, e.getValue() - n);
            applicationsDoubled += Math.max(0, n - e.getValue());
        }
        for (var e : chaos.applications().entrySet()) {
            if (!clean.applications().containsKey(e.getKey())) {
                applicationsDoubled += e.getValue();
            }
        }
        Map<String, Integer> killed = new LinkedHashMap<>();
        double maxRecovery = 0;
        for (ChaosRun.KillRecord k : chaos.kills()) {
            killed.merge(k.target(), 1, Integer::sum);
            maxRecovery = Math.max(maxRecovery, k.recoverySeconds());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("kills", chaos.kills().size());
        summary.put("killed", killed);
        summary.put("lost", cmp.lost());
        summary.put("duplicates", cmp.duplicates());
        summary.put("differing", cmp.differing());
        summary.put("identicalXml", cmp.identical());
        summary.put("applicationsLost", applicationsLost);
        summary.put("applicationsDoubled", applicationsDoubled);
        summary.put("values", cmp.cleanValues());
        summary.put("files", cmp.cleanFiles());
        summary.put("differentFiles", cmp.differentFiles());
        summary.put("applications", chaos.applications());
        summary.put("switchRequestsRetried", chaos.switchRetries());
        summary.put("maxRecoverySeconds", maxRecovery);
        summary.put("cleanSeconds", clean.seconds());
        summary.put("chaosSeconds", chaos.seconds());
        summary.put("seed", seed);
        summary.put("meters", meters);
        summary.put("slots", slots);
        summary.put("speed", speed);
        summary.put("killLog", chaos.kills().stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", k.target());
            m.put("at", k.at().toString());
            m.put("recoverySeconds", k.recoverySeconds());
            return m;
        }).toList());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.resolve("summary.json").toFile(), summary);
        boolean ok = cmp.lost() == 0 && cmp.duplicates() == 0 && cmp.differing() == 0 && cmp.identical()
                && applicationsLost == 0 && applicationsDoubled == 0 && !clean.applications().isEmpty();
        System.out.printf("chaos: %d kills %s (longest recovery %.1f s): %d of %d values lost, %d duplicates, %d differing; "
                        + "%d files %s; applications %s, lost %d, doubled %d; report %s%n",
                chaos.kills().size(), killed, maxRecovery, cmp.lost(), cmp.cleanValues(), cmp.duplicates(), cmp.differing(),
                cmp.cleanFiles(), cmp.identical() ? "byte-identical" : "NOT identical " + cmp.differentFiles(),
                chaos.applications(), applicationsLost, applicationsDoubled, report.resolve("summary.json"));
        return ok ? 0 : 1;
    }
}
