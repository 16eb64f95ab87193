package jp.ami.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The shared option mixins as a command sees them: defaults, given values and the help text. */
class CommandOptionsTest {
    @Command(name = "svc")
    static final class Svc {
        @Mixin
        VarOptions var;
        @Mixin
        ReadingGroupsOption readingGroups;
    }

    private static Svc parse(String... args) {
        Svc svc = new Svc();
        new CommandLine(svc).parseArgs(args);
        return svc;
    }

    @Test
    void the_master_data_defaults_to_the_file_under_var() {
        assertThat(parse().var.masterData()).isEqualTo(Path.of("var", "master-data.csv"));
        assertThat(parse("--var", "x/y").var.masterData()).isEqualTo(Path.of("x/y", "master-data.csv"));
        assertThat(parse("--var", "x/y", "--master-data", "m.csv").var.masterData()).isEqualTo(Path.of("m.csv"));
    }

    @Test
    void the_reading_groups_come_from_the_file_when_given(@TempDir Path dir) throws Exception {
        assertThat(parse().readingGroups.calendar()).isEmpty();
        Path csv = Files.writeString(dir.resolve("groups.csv"), "reading_group,basic_day\n3,5\n7,12\n");
        assertThat(parse("--reading-groups", csv.toString()).readingGroups.calendar())
                .hasValueSatisfying(c -> assertThat(c.groups()).containsExactly(3, 7));
    }

    @Test
    void the_help_names_every_option_with_its_default() {
        String help = new CommandLine(new Svc()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(help).contains("--var=<var>").contains("(default: var)").contains("--master-data=<masterData>")
                .contains("<var>/master-data.csv").contains("--reading-groups=<readingGroups>");
    }
}
