package jp.ami.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AmiCommandTest {
    @ParameterizedTest
    @ValueSource(strings = {"demo", "hes", "mdms", "front", "sim", "certs", "retailer", "switching", "calendar", "bench"})
    void every_service_and_tool_is_a_subcommand_with_help(String name) {
        AmiRun run = AmiRun.of(name, "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: ami " + name).contains("--help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--meters=0", "--slots=0", "--first-slot=49"})
    void demo_rejects_bad_options_naming_the_field(String option) {
        AmiRun run = AmiRun.of("demo", option, "--var", "target/never-created");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("Exception").startsWith("ami demo: ");
        String field = option.substring(2, option.indexOf('=')).replace("first-slot", "slot");
        assertThat(run.err()).contains(field);
    }

    @org.junit.jupiter.api.Test
    void a_failure_the_user_caused_is_one_line_naming_it_without_a_stack_trace() {
        AmiRun run = AmiRun.of("retailer", "pull", "--url", "https://127.0.0.1:1", "--cert", "target/no-such.crt.pem",
                "--key", "target/no-such.key.pem", "--ca", "target/no-such-ca.pem", "--out", "target/pull-never");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("\tat ")
                .startsWith("ami pull: no such file: ").contains("no-such");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--supply-point=123|supplyPointId", "--date=2026-13-01|date"})
    void mdms_history_rejects_a_bad_point_or_date_in_one_line_naming_it(String caseText) {
        String[] c = caseText.split("\\|");
        String point = c[0].startsWith("--supply-point") ? c[0] : "--supply-point=0310111001234500000000";
        String date = c[0].startsWith("--date") ? c[0] : "--date=2026-11-22";
        AmiRun run = AmiRun.of("mdms", "history", point, date, "--pg-port=1");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception")
                .startsWith("ami history: " + c[1] + ": ");
    }

    @org.junit.jupiter.api.Test
    void mdms_history_without_a_running_questdb_says_so_in_one_line() {
        AmiRun run = AmiRun.of("mdms", "history", "--supply-point", "0310111001234500000000", "--date", "2026-11-22",
                "--pg-port", "1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("\tat ").startsWith("ami history: ");
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
