package jp.ami.mdms.reissue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import jp.ami.mdms.Fixtures;
import jp.ami.mdms.MdmsCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./ami mdms reissue} without a running MDMS: one clear line, no stack trace, exit code 1. */
class ReissueCommandTest {
    @Test
    void prints_one_error_line_when_the_mdms_is_not_running() {
        int port = Fixtures.freePort(); // nothing listens there
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new MdmsCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int rc = cli.execute("reissue", "--date", "2026-11-22", "--slot", "5", "--mdms", "http://127.0.0.1:" + port);
        assertThat(rc).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("mdms reissue: the MDMS is not running at http://127.0.0.1:" + port
                + " (connection refused)" + System.lineSeparator());
    }

    @Test
    void a_correction_says_the_same_when_the_mdms_is_not_running() {
        int port = Fixtures.freePort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new MdmsCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int rc = cli.execute("correct", "--supply-point", "0310111001234500000000", "--date", "2026-11-22", "--slot", "5",
                "--kwh", "1.25", "--reason", "meter replaced", "--mdms", "http://127.0.0.1:" + port);
        assertThat(rc).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("mdms correct: the MDMS is not running at http://127.0.0.1:" + port
                + " (connection refused)" + System.lineSeparator());
    }
}
