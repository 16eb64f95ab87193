package jp.ami.dist;

import org.slf4j.LoggerFactory;
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
            if (ex instanceof jp.ami.model.InvalidValueException || ex instanceof jp.ami.certs.ReusedPki.Unusable) {
                cmd.getErr().println("ami " + cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            // not a condition the user caused on purpose: the details go to the log, one line to the terminal
            LoggerFactory.getLogger(Ami.class).error("ami {} failed", cmd.getCommandName(), ex);
            cmd.getErr().println("ami " + cmd.getCommandName() + ": " + oneLine(ex) + " (details in "
                    + System.getProperty("AMI_LOG_FILE", System.getenv().getOrDefault("AMI_LOG_FILE", "var/log/ami.log")) + ")");
            return 1;
        });
        return cli;
    }

    /** The innermost cause's message, or its type when it has none. */
    static String oneLine(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replace('\n', ' ');
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
