package jp.ami.bench.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.ami.model.InvalidValueException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./ami bench fuzz}: mutation fuzzing of every parser that takes outside bytes (see {@link FuzzTargets}), with
 * Netty's leak detector at PARANOID. Prints one line per target and writes {@code summary.json}; crash and hang
 * inputs go to {@code DIR/crashes/} for regression tests. Exit code 0 when nothing crashed, hung or leaked, else 1.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = "Fuzz every parser of outside bytes (wire frames, envelopes, CSV, JSON) with mutations of valid inputs.")
public final class FuzzCommand implements Callable<Integer> {
    @Option(names = "--execs", defaultValue = "1000000", description = "Executions in all, split evenly over the targets (default: ${DEFAULT-VALUE}).")
    long execs;
    @Option(names = "--seed", defaultValue = "1", description = "Mutation seed: the same seed replays the same inputs (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--target", paramLabel = "NAME", description = "Only these targets (repeatable; default: all of ${COMPLETION-CANDIDATES}).",
            completionCandidates = Names.class)
    List<String> targets;
    @Option(names = "--report", paramLabel = "DIR", defaultValue = "var/bench/fuzz", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path report;
    @Option(names = "--hang-ms", defaultValue = "2000", description = "An execution longer than this is a hang (default: ${DEFAULT-VALUE}).")
    long hangMillis;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The target names, for the help text. */
    static final class Names extends ArrayList<String> {
        Names() {
            super(FuzzTargets.names());
        }
    }

    @Override
    public Integer call() throws Exception {
        LeakCounter.install();
        if (execs < 1) {
            throw new InvalidValueException("execs", execs, "must be at least 1");
        }
        List<FuzzTarget> chosen = new ArrayList<>();
        for (FuzzTarget t : FuzzTargets.all()) {
            if (targets == null || targets.contains(t.name())) {
                chosen.add(t);
            }
        }
        if (targets != null && chosen.size() != targets.size()) {
            throw new InvalidValueException("target", targets, "must be among " + FuzzTargets.names());
        }
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(report);
        FuzzRunner runner = new FuzzRunner(report.resolve("crashes"), hangMillis, message -> {
            System.err.println("fuzz: HANG " + message);
            System.exit(1); // the hung thread cannot be stopped; the input is saved
        });
        long each = Math.max(1, execs / chosen.size());
        out.printf("fuzz: %,d executions over %d targets (%,d each), seed %d, Netty leak detection PARANOID%n", each * chosen.size(),
                chosen.size(), each, seed);
        out.flush();
        List<FuzzRunner.Result> results = new ArrayList<>();
        long crashes = 0;
        double seconds = 0;
        for (FuzzTarget t : chosen) {
            FuzzRunner.Result r = runner.run(t, each, seed);
            t.close();
            results.add(r);
            crashes += r.crashes();
            seconds += r.seconds();
            out.printf("  %-20s %,12d execs in %7.1f s (%,9.0f/s)  corpus %3d  outcomes %3d  crashes %d  slowest %,d µs%n",
                    r.target(), r.execs(), r.seconds(), r.execsPerSecond(), r.corpus(), r.outcomes().size(), r.crashes(),
                    r.slowestMicros());
            r.crashSites().forEach(site -> out.println("      crash " + site));
            out.flush();
        }
        long leaks = LeakCounter.leaks();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("execs", each * chosen.size());
        summary.put("seed", seed);
        summary.put("seconds", Math.round(seconds * 10) / 10.0);
        summary.put("failures", crashes + leaks);
        summary.put("crashes", crashes);
        summary.put("hangs", 0);
        summary.put("leaks", leaks);
        Map<String, Object> perTarget = new LinkedHashMap<>();
        for (FuzzRunner.Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("execs", r.execs());
            m.put("seconds", Math.round(r.seconds() * 10) / 10.0);
            m.put("crashes", r.crashes());
            m.put("crashSites", r.crashSites());
            m.put("corpus", r.corpus());
            m.put("slowestMicros", r.slowestMicros());
            m.put("outcomes", r.outcomes());
            perTarget.put(r.target(), m);
        }
        summary.put("targets", perTarget);
        Path json = report.resolve("summary.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), summary);
        out.printf("fuzz: %,d executions in %.1f s: %d crashes, 0 hangs, %d leaked buffers; report %s%n", each * chosen.size(),
                seconds, crashes, leaks, json);
        out.flush();
        return crashes + leaks == 0 ? 0 : 1;
    }
}
