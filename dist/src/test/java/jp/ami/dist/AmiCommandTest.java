package jp.ami.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class AmiCommandTest {
    @ParameterizedTest
    @ValueSource(strings = {"demo", "hes", "mdms", "front", "sim", "certs", "retailer", "switching", "bench"})
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
}
