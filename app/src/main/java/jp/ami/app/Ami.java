package jp.ami.app;

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
                CalendarCommand.class,
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
        cli.setExecutionExceptionHandler(failureHandler());
        return cli;
    }

    /**
     * How every {@code ./ami} command line (this one and {@code ./ami bench}'s) reports a failure: an invalid value as
     * one line naming field and value (exit 2); anything else as one line in words on the terminal, the stack trace
     * to the log (exit 1).
     */
    public static CommandLine.IExecutionExceptionHandler failureHandler() {
        return (ex, cmd, parseResult) -> {
            String name = "ami " + cmd.getCommandName();
            if (ex instanceof jp.ami.model.InvalidValueException || ex instanceof jp.ami.certs.ReusedPki.Unusable) {
                cmd.getErr().println(name + ": " + ex.getMessage());
                return 2;
            }
            // not a condition the user caused on purpose: the details go to the log, one line to the terminal
            LoggerFactory.getLogger(FAILURES_LOG).error("{} failed", name, ex);
            cmd.getErr().println(name + ": " + oneLine(ex) + " (details in "
                    + System.getProperty("AMI_LOG_FILE", System.getenv().getOrDefault("AMI_LOG_FILE", "var/log/ami.log")) + ")");
            return 1;
        };
    }

    /** The logger of failures: to the log file only (see logback.xml), the terminal gets one line. */
    static final String FAILURES_LOG = "jp.ami.failures";

    /** One line for a failure: in words for what a user typically causes (a missing file, a refused port), else the
     *  innermost message. */
    static String oneLine(Throwable ex) {
        String innermost = null;
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().replace('\n', ' ');
            String known = inWords(t, m);
            if (known != null) {
                return known;
            }
            if (!m.isEmpty()) {
                innermost = t.getClass().getSimpleName() + ": " + m;
            }
        }
        return innermost != null ? innermost : ex.getClass().getSimpleName();
    }

    private static String inWords(Throwable t, String m) {
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + m;
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + m;
        }
        if (t instanceof java.net.ConnectException) {
            return "cannot connect" + (m.isEmpty() ? "" : ": " + m) + " (is the service running, on that host and port?)";
        }
        if (t instanceof java.net.UnknownHostException) {
            return "unknown host: " + m;
        }
        if (t instanceof java.net.BindException) {
            return "a port is taken: " + m + " (is another ./ami still running?)";
        }
        if (t instanceof javax.net.ssl.SSLException) {
            return "TLS failed: " + m + " (check the certificate, key and CA files)";
        }
        return null;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
