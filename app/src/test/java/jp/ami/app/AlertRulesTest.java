package jp.ami.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.ami.service.metrics.Promtool;
import org.junit.jupiter.api.Test;

/**
 * {@code ops/prometheus/alerts.yml} through promtool: the rules are valid, every alert has a unit test in
 * {@code alerts_test.yml}, and those tests pass ({@code promtool test rules}). Skipped without promtool, failed under
 * CI without it ({@link Promtool#forTests()}).
 */
class AlertRulesTest {
    static final Path DIR = Path.of(System.getProperty("user.dir")).resolve("../ops/prometheus").normalize();

    @Test
    void every_alert_has_a_firing_and_a_silent_case_in_the_unit_tests() throws Exception {
        String rules = Files.readString(DIR.resolve("alerts.yml"));
        String tests = Files.readString(DIR.resolve("alerts_test.yml"));
        Matcher m = Pattern.compile("(?m)^\\s*- alert: (\\w+)").matcher(rules);
        int alerts = 0;
        while (m.find()) {
            alerts++;
            String name = m.group(1);
            Matcher cases = Pattern.compile("alertname: " + name + "\\s*\\n\\s*exp_alerts:(\\s*\\[\\])?").matcher(tests);
            boolean silent = false;
            boolean firing = false;
            while (cases.find()) {
                if (cases.group(1) != null) {
                    silent = true;
                } else {
                    firing = true;
                }
            }
            assertThat(firing).as(name + " has a firing case").isTrue();
            assertThat(silent).as(name + " has a not-firing case").isTrue();
        }
        assertThat(alerts).isEqualTo(9);
    }

    @Test
    void the_rules_are_valid_and_their_unit_tests_pass_in_promtool() throws Exception {
        Optional<Promtool> promtool = Promtool.forTests();
        assumeTrue(promtool.isPresent(), Promtool.absentMessage());
        Promtool.Result check = promtool.get().checkRules(DIR.resolve("alerts.yml"));
        assertThat(check.ok()).as(check.output()).isTrue();
        Promtool.Result test = promtool.get().testRules(DIR.resolve("alerts_test.yml"));
        assertThat(test.ok()).as(test.output()).isTrue();
        assertThat(test.output()).contains("SUCCESS");
    }
}
