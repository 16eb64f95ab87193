package jp.ami.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import jp.ami.model.ManualClock;
import jp.ami.model.csv.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CalendarCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code ami calendar args} in-process on a clock standing at 2026-11-10 JST. */
    private int run(String... args) {
        CommandLine cli = Ami.commandLine();
        CommandLine calendar = cli.getSubcommands().get("calendar");
        CommandLine onClock = new CommandLine(new CalendarCommand(new ManualClock(Instant.parse("2026-11-10T03:00:00Z"))));
        onClock.setExecutionExceptionHandler(cli.getExecutionExceptionHandler());
        onClock.setOut(new PrintWriter(out, true));
        onClock.setErr(new PrintWriter(err, true));
        assertThat(calendar.getCommandName()).isEqualTo("calendar");
        return onClock.execute(args);
    }

    @Test
    void prints_each_group_and_month_with_the_day_it_moved_to_and_why() {
        assertThat(run()).isZero();
        String text = out.toString();
        assertThat(text).startsWith("reading days 2026-11 – 2027-01, 20 groups");
        // 60 rows: 20 groups × 3 months, plus the title and the column heads
        assertThat(text.lines()).hasSize(62);
        assertThat(text).contains("   16  2026-11  2026-11-22  2026-11-24     +2  2026-11-22 Sunday, 2026-11-23 Labour Thanksgiving Day");
        assertThat(text).contains("\n    8  2026-12  2026-12-10  2026-12-10      -\n");
    }

    @Test
    void one_group_from_a_month_and_the_csv_export() throws Exception {
        Path csv = dir.resolve("calendar.csv");
        assertThat(run("--group", "2", "--from", "2026-04", "--months", "2", "--csv", csv.toString())).isZero();
        assertThat(out.toString()).contains("group 2").contains("2026-05-07").contains("wrote 2 rows to " + csv.toAbsolutePath());
        List<CsvTable.Row> rows = CsvTable.read(csv, "calendar", CalendarCommand.CSV_HEADER);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values()).containsExactly("2", "2026-04", "2026-04-02", "2026-04-02", "0", "");
        assertThat(rows.get(1).values()).containsExactly("2", "2026-05", "2026-05-02", "2026-05-07", "5",
                "2026-05-02 Saturday, 2026-05-03 Constitution Memorial Day, 2026-05-04 Greenery Day, 2026-05-05 Children's Day, "
                        + "2026-05-06 Substitute Holiday");
        assertThat(Files.readString(csv)).startsWith("reading_group,month,basic_day,reading_day,moved_by_days,reason\n");
    }

    @Test
    void a_groups_file_replaces_the_built_in_groups() throws Exception {
        Path groups = dir.resolve("groups.csv");
        Files.writeString(groups, "reading_group,basic_day\n1,28\n2,4\n");
        assertThat(run("--groups", groups.toString(), "--from", "2026-02", "--months", "1")).isZero();
        assertThat(out.toString()).contains("2 groups from " + groups)
                .contains("    1  2026-02  2026-02-28  2026-03-02     +2  2026-02-28 Saturday, 2026-03-01 Sunday");
    }

    @Test
    void bad_options_are_one_line_naming_the_field() throws Exception {
        assertThat(run("--from", "2026-13")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("ami calendar: from: \"2026-13\" must be a month YYYY-MM");
        err.getBuffer().setLength(0);
        assertThat(run("--group", "21")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("ami calendar: reading_group: \"21\"").doesNotContain("\n");
        err.getBuffer().setLength(0);
        Path groups = dir.resolve("bad.csv");
        Files.writeString(groups, "reading_group,basic_day\n1,31\n");
        assertThat(run("--groups", groups.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("ami calendar: reading groups line 2 basic_day: \"31\" must be 1–28 (a day every month has)");
        err.getBuffer().setLength(0);
        assertThat(run("--months", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("months");
    }

    @Test
    void it_is_a_subcommand_of_ami_with_help() {
        AmiRun help = AmiRun.of("calendar", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: ami calendar").contains("--from").contains("--months").contains("--group")
                .contains("--groups").contains("--csv").contains("--clock-start");
    }
}
