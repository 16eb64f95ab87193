package jp.ami.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code ami bench} as seen from the distribution jar: the benchmarks live in the {@code bench} module (which
 * depends on everything), and the {@code ./ami} script runs its jar for {@code ./ami bench …}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (JMH hot paths, end-to-end runs): run them as ./ami bench …; see bench/README.md.")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ami bench: run the benchmarks through the ./ami script (./ami bench --help); they live in bench/target/ami-bench.jar");
        return 2;
    }
}
