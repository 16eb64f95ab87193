package jp.ami.app;

import static jp.ami.service.testing.Scrapes.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import jp.ami.mdms.store.StoredValue;
import jp.ami.model.EnergyUnit;
import jp.ami.model.Registers;
import jp.ami.model.Slots;
import jp.ami.service.testing.Scrapes;
import jp.ami.sim.MeterPopulation;
import jp.ami.sim.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on real components in one JVM: 3,000 simulated meters over Wi-SUN (CoAP), PLC and 1:N
 * (TCP) → head-end → Chronicle journal → MDMS → embedded QuestDB → XML outbox → DMZ front (mutual TLS) →
 * retailer pull. Ports are chosen by the OS so the test can run beside a demo.
 */
class WholePathIT extends DemoRun {
    private static final int METERS = 3000;
    private static final int SLOTS = 3;
    private static final LocalDate DATE = LocalDate.of(2026, 11, 22);

    @TempDir
    static Path var;

    @Override
    DemoOptions options(PrintStream progress) {
        return new DemoOptions(METERS, SLOTS, 47, DATE, 600, var, false, progress);
    }

    @Test
    void every_reading_over_all_three_paths_is_journaled_once() {
        assertThat(summary.readings().expected()).isEqualTo((long) METERS * (SLOTS + 1));
        assertThat(summary.readings().journaled()).isEqualTo(summary.readings().expected());
        assertThat(summary.readings().rejected()).isNotEmpty().allSatisfy((reason, n) -> assertThat(n).as(reason).isZero());
        assertThat(summary.collectionRate()).containsOnlyKeys("wisun", "plc", "relay").allSatisfy((k, v) -> assertThat(v).isEqualTo(1.0));
    }

    @Test
    void every_slot_of_every_point_is_stored_once_in_questdb() {
        assertThat(summary.values().stored()).isEqualTo((long) METERS * SLOTS);
        // every reading arrived; one value is the demo operator's correction (estimated)
        assertThat(summary.values().present()).isEqualTo((long) METERS * SLOTS - 1);
        assertThat(summary.values().estimated()).isEqualTo(1);
        assertThat(summary.values().missing()).isZero();
    }

    @Test
    void the_operator_correction_is_a_revision_the_retailer_fetches_in_order_and_nothing_was_estimated_at_the_cutoff() {
        assertThat(summary.revisions().corrections()).isEqualTo(1);
        assertThat(summary.revisions().estimatedAtCutoff()).isZero(); // no faults: every reading in time
        assertThat(summary.revisions().revisedLater()).isZero();
        // slot 47's per-slot file and the day's per-day file, revision 01 (the demo corrects a point of the pulling retailer)
        assertThat(summary.revisions().revisionFiles()).isEqualTo(2);
        assertThat(summary.revisions().fetchedInOrder()).isTrue();
        assertThat(summary.revisions().reissueIdentical()).isTrue(); // the day re-issued from QuestDB: the delivered bytes
        // one history row per value and revision: the first issues, and the correction's revision
        assertThat(summary.revisions().historyRows()).isEqualTo(summary.values().stored() + 1);
    }

    @Test
    void sum_of_a_points_30_minute_values_equals_its_register_difference_exactly() {
        MeterPopulation before = new MeterPopulation(SimConfig.defaults(METERS));
        MeterPopulation after = new MeterPopulation(SimConfig.defaults(METERS));
        jp.ami.sim.LoadProfile profile = new jp.ami.sim.LoadProfile(after.config().seed());
        long first = Slots.index(DATE, 47);
        for (long s = first; s < first + SLOTS; s++) {
            for (int i = 0; i < METERS; i++) {
                after.addEnergy(i, profile.slotUnits(i, s));
            }
        }
        Map<String, Long> sums = new HashMap<>();
        for (long s = first; s < first + SLOTS; s++) {
            for (StoredValue v : demo.mdms().store().read(s)) {
                assertThat(v.valueUnits()).as("value of %s", v.supplyPointId()).isNotNull();
                sums.merge(v.supplyPointId(), v.valueUnits(), Long::sum);
            }
        }
        assertThat(sums).hasSize(METERS);
        // the demo operator's correction moves its point's sum by exactly the correction
        Map<String, Long> corrected = new HashMap<>();
        demo.mdms().corrections().forEach(c -> corrected.merge(c.supplyPoint(), c.units() - c.before(), Long::sum));
        assertThat(corrected).hasSize(1);
        long nonZero = 0;
        for (int i = 0; i < METERS; i++) {
            long steps = Registers.delta(before.register(i), after.register(i), before.digits(i));
            long expected = EnergyUnit.ofCode(before.unitCode(i)).toUnits(steps, before.coefficient(i))
                    + corrected.getOrDefault(before.supplyPoint(i).value(), 0L);
            assertThat(sums.get(before.supplyPoint(i).value())).as("point %s", before.supplyPoint(i)).isEqualTo(expected);
            nonZero += expected > 0 ? 1 : 0;
        }
        assertThat(nonZero).isGreaterThan(METERS * 9L / 10);
    }

    @Test
    void the_retailer_pull_matches_questdb_and_other_retailers_and_anonymous_clients_are_denied() {
        // the run crosses midnight: 3 per-slot files and the per-day file of the day that ended
        assertThat(summary.pull().files()).isEqualTo(SLOTS + 1);
        assertThat(summary.pull().dayFiles()).isEqualTo(1);
        assertThat(summary.pull().verified()).isTrue();
        assertThat(summary.pull().valuesChecked()).isGreaterThan(METERS / 8L);
        assertThat(summary.pull().otherRetailerDenied()).isTrue();
        assertThat(summary.pull().noCertDenied()).isTrue();
        assertThat(summary.files().published()).isEqualTo(SLOTS * 4L + 4 + 2); // + the correction's per-slot and per-day revision
    }

    @Test
    void a_switch_filed_through_the_front_moves_the_points_values_to_the_new_retailer_from_the_switch_date() {
        assertThat(summary.switching().matched()).isEqualTo(1);
        assertThat(summary.switching().switchDate()).isEqualTo(DATE.plusDays(1).toString());
        assertThat(summary.switching().slotsBefore()).isEqualTo(2);
        assertThat(summary.switching().slotsAfter()).isEqualTo(1);
        assertThat(summary.switching().routedCorrectly()).isTrue();
        assertThat(summary.switching().wrongOperatorDenied()).isTrue();
        assertThat(summary.switching().malformedJsonField()).isEqualTo("switchDate");
        assertThat(summary.switching().usageVerified()).isTrue();
        assertThat(summary.switching().applications()).isEqualTo(4); // + the IF_10310 usage application
    }

    @Test
    void every_file_is_downloadable_within_the_60_minute_budget() {
        assertThat(summary.delivery().samples()).isEqualTo(SLOTS * 4L);
        assertThat(summary.delivery().withinBudget()).isEqualTo(1.0);
        assertThat(summary.delivery().maxMinutes()).isLessThanOrEqualTo(60.0).isGreaterThanOrEqualTo(20.0);
    }
    @Test
    void every_service_serves_its_metrics_and_they_agree_with_the_summary() throws Exception {
        java.util.List<String> urls = summary.operator().metrics();
        assertThat(urls).hasSize(4).allSatisfy(u -> assertThat(u).startsWith("http://127.0.0.1:").endsWith("/metrics"));
        assertThat(summary.operator().dashboard()).startsWith("http://127.0.0.1:"); // the operator dashboard, loopback only
        assertThat(progress()).contains(urls.get(0), urls.get(3));
        String[] scrapes = new String[4];
        for (int i = 0; i < 4; i++) {
            scrapes[i] = Scrapes.scrape(java.net.URI.create(urls.get(i)).getPort());
            assertThat(scrapes[i]).contains("jvm_memory_used_bytes");
        }
        double journaled = 0;
        for (String path : new String[]{"wisun", "plc", "relay"}) {
            journaled += value(scrapes[0], "ami_hes_readings_journaled_total{path=\"" + path + "\"}");
        }
        assertThat((long) journaled).isEqualTo(summary.readings().journaled());
        assertThat(value(scrapes[0], "ami_hes_collection_ratio{window=\"30m\"}")).isEqualTo(1.0);
        assertThat(value(scrapes[1], "ami_delivery_latency_seconds_count")).isEqualTo(summary.delivery().samples());
        assertThat(value(scrapes[1], "ami_delivery_within_budget_ratio")).isEqualTo(1.0);
        assertThat(value(scrapes[1], "ami_mdms_values{status=\"present\"}")).isEqualTo(summary.values().present());
        assertThat(value(scrapes[2], "ami_switching_applications{interface=\"IF_10610\",status=\"OK\"}")).isEqualTo(1);
        assertThat(value(scrapes[3], "ami_front_requests_total{status=\"200\"}")).isPositive();
        assertThat(value(scrapes[3], "ami_front_refusals_total{reason=\"NO_CERTIFICATE\"}")).isPositive();
        assertThat(value(scrapes[3], "ami_pki_client_certificates_expiring")).isNotNegative();

        Scrapes.assertPromtoolAccepts(scrapes);
    }
}
