package jp.ami.dist;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./ami}: the one entry point for users. Every service and tool is a subcommand with {@code --help}.
 * Wiring is by constructor in each command; there is no DI container.
 */
@Command(name = "ami", mixinStandardHelpOptions = true, version = "ami 0.1.0",
        description = "Smart-meter data platform: head-end, MDMS, DMZ front, simulator and tools.",
        subcommands = {
                DemoCommand.class,
                jp.ami.hes.HesCommand.class,
                jp.ami.mdms.MdmsCommand.class,
                jp.ami.front.FrontCommand.class,
                jp.ami.sim.SimCommand.class,
                jp.ami.certs.CertsCommand.class,
                jp.ami.retailer.RetailerCommand.class,
                jp.ami.switching.SwitchingCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Ami implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line with every subcommand; invalid values are reported as one line naming field and value. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Ami());
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof jp.ami.model.InvalidValueException) {
                cmd.getErr().println("ami " + cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
