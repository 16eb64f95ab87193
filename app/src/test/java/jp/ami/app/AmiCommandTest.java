package jp.ami.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class AmiCommandTest {
    @ParameterizedTest
    @ValueSource(strings = {"demo", "hes", "mdms", "front", "sim", "certs", "retailer", "switching", "calendar", "bench"})
    void every_service_and_tool_is_a_subcommand_with_help(String name) {
        CommandLine cli = Ami.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute(name, "--help");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: ami " + name).contains("--help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--meters=0", "--slots=0", "--first-slot=49"})
    void demo_rejects_bad_options_naming_the_field(String option) {
        CommandLine cli = Ami.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("demo", option, "--var", "target/never-created");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("Exception").startsWith("ami demo: ");
        String field = option.substring(2, option.indexOf('=')).replace("first-slot", "slot");
        assertThat(err.toString()).contains(field);
    }

    @org.junit.jupiter.api.Test
    void a_failure_the_user_caused_is_one_line_naming_it_without_a_stack_trace() {
        CommandLine cli = Ami.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("retailer", "pull", "--url", "https://127.0.0.1:1", "--cert", "target/no-such.crt.pem",
                "--key", "target/no-such.key.pem", "--ca", "target/no-such-ca.pem", "--out", "target/pull-never");
        assertThat(exit).isNotZero();
        assertThat(err.toString().strip()).doesNotContain("\n").doesNotContain("\tat ")
                .startsWith("ami pull: no such file: ").contains("no-such");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--supply-point=123|supplyPointId", "--date=2026-13-01|date"})
    void mdms_history_rejects_a_bad_point_or_date_in_one_line_naming_it(String caseText) {
        String[] c = caseText.split("\\|");
        CommandLine cli = Ami.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        String point = c[0].startsWith("--supply-point") ? c[0] : "--supply-point=0310111001234500000000";
        String date = c[0].startsWith("--date") ? c[0] : "--date=2026-11-22";
        int exit = cli.execute("mdms", "history", point, date, "--pg-port=1");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").doesNotContain("Exception")
                .startsWith("ami history: " + c[1] + ": ");
    }

    @org.junit.jupiter.api.Test
    void mdms_history_without_a_running_questdb_says_so_in_one_line() {
        CommandLine cli = Ami.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("mdms", "history", "--supply-point", "0310111001234500000000", "--date", "2026-11-22",
                "--pg-port", "1");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").doesNotContain("\tat ").startsWith("ami history: ");
    }

    @org.junit.jupiter.api.Test
    void causes_are_put_in_words() {
        assertThat(Ami.oneLine(new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("x.pem"))))
                .isEqualTo("no such file: x.pem");
        assertThat(Ami.oneLine(new RuntimeException(new java.net.ConnectException()))).startsWith("cannot connect");
        assertThat(Ami.oneLine(new IllegalStateException("outer", new IllegalArgumentException("inner"))))
                .isEqualTo("IllegalArgumentException: inner");
        assertThat(Ami.oneLine(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
