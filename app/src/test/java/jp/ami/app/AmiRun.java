package jp.ami.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Test helper: one run of the {@code ami} command line, its exit code and what it printed to out and to err. */
record AmiRun(int exit, String out, String err) {
    /** Runs {@code ami args…} in this JVM, capturing its output. */
    static AmiRun of(String... args) {
        CommandLine cli = Ami.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new AmiRun(exit, out.toString(), err.toString());
    }
}
