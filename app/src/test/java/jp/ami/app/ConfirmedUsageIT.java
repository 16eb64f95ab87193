package jp.ami.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import jp.ami.sim.FaultConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two days of the whole pipeline across a reading day: 400 meters from 00:00 of Monday 23 November 2026 (Labour
 * Thanksgiving Day) to the end of the 24th, with meter exchanges. The reading days of the groups whose basic day is
 * the 22nd (Sunday), the 23rd (holiday) and the 24th all fall on Tuesday the 24th, so at the start of the 24th the
 * MDMS issues their monthly notices (W51220 20261124) for the one day it holds, and exchange notices for the
 * meters exchanged on the 23rd; a retailer pulls its notices through the front and every usage equals QuestDB's.
 */
class ConfirmedUsageIT extends DemoRun {
    private static final int METERS = 400;
    private static final LocalDate DATE = LocalDate.of(2026, 11, 23);

    @TempDir
    static Path var;

    @Override
    DemoOptions options(PrintStream progress) {
        return new DemoOptions(METERS, 96, 1, DATE, 2000, var, false, progress, FaultConfig.NONE.withExchange(0.05));
    }

    /** Two days of slots: their progress lines are left out. */
    @Override
    String printed(String progress) {
        return progress.lines().filter(l -> !l.startsWith("  slot")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void every_retailer_gets_the_monthly_notice_of_every_group_read_on_the_24th_within_the_deadline() {
        DemoSummary.ConfirmedUsage u = summary.confirmedUsage();
        assertThat(u.groupsExpected()).as("3 groups × the retailers supplying them").isGreaterThanOrEqualTo(3);
        assertThat(u.groupsDelivered()).isEqualTo(u.groupsExpected());
        assertThat(u.withinDeadline()).isEqualTo(1.0);
        assertThat(u.points()).isEqualTo(3L * METERS / 20); // groups 16, 17 and 18 of the default assignment
    }

    @Test
    void every_record_matches_its_registers_and_the_pulled_usage_equals_questdb() {
        DemoSummary.ConfirmedUsage u = summary.confirmedUsage();
        assertThat(summary.values().missing()).isZero();
        assertThat(u.matchesRegisters()).isTrue();
        assertThat(u.mismatches()).isZero();
        assertThat(u.pulledFiles()).isPositive();
        assertThat(u.pulledRecords()).isPositive();
        assertThat(u.pulledVerified()).isTrue();
    }

    @Test
    void meters_exchanged_on_the_23rd_get_an_exchange_notice() {
        assertThat(summary.confirmedUsage().exchanges()).isPositive();
    }
}
