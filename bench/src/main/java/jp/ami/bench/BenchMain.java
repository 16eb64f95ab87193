package jp.ami.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./ami bench …}: the benchmarks. Each benchmark is a subcommand in its own class; results and the
 * exact commands are recorded in {@code bench/README.md}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: JMH hot paths and end-to-end runs; see bench/README.md.",
        subcommands = {jp.ami.bench.chaos.ChaosCommand.class, jp.ami.bench.e2e.E2eCommand.class, jp.ami.bench.flood.FloodCommand.class, jp.ami.bench.fuzz.FuzzCommand.class, JmhCommand.class, FrontBenchCommand.class, HesBenchCommand.class, MdmsMemoryCommand.class, StoreWriteCommand.class, UsageCloseCommand.class, CommandLine.HelpCommand.class})
public final class BenchMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).setExecutionExceptionHandler(jp.ami.app.Ami.failureHandler()).execute(args));
    }
}
