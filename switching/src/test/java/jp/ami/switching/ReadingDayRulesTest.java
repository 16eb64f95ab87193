package jp.ami.switching;

import static jp.ami.switching.Fixture.A;
import static jp.ami.switching.Fixture.B;
import static jp.ami.switching.Fixture.D;
import static jp.ami.switching.Fixture.D_NEXT;
import static jp.ami.switching.Fixture.START;
import static jp.ami.switching.Fixture.X;
import static jp.ami.switching.Fixture.Y;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import jp.ami.model.InvalidValueException;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;

/** Switch, reconnection and discontinuation dates by the points' reading days; IF_10110's reading days. */
class ReadingDayRulesTest extends ServiceOnJournal {
    private Application file(jp.ami.model.OperatorCode op, String key, ApplicationType type, LocalDate d, boolean customer) {
        return s.create(op, key, new Request.Dated(type, X, d, customer)).application();
    }

    @Test
    void a_request_without_a_date_gets_the_next_reading_day_whose_deadline_has_not_passed() {
        assertThat(file(B, "s1", ApplicationType.SWITCH_START, null, false).date()).isEqualTo(D);
        assertThat(s.nextSwitchDates(X, 2)).containsExactly(D, D_NEXT);
        // D's matching deadline (11-30 12:00 JST) passed: a switch goes to the reading day after, a reconnection still
        // takes D (it has no deadline, only a future date)
        clock.set(Instant.parse("2026-11-30T03:00:00Z"));
        Application stop = file(A, "t1", ApplicationType.SWITCH_STOP, null, false);
        assertThat(stop.date()).isEqualTo(D_NEXT);
        assertThat(stop.details()).containsEntry("readingGroup", "1").doesNotContainKey("offCycle");
        assertThat(file(A, "r1", ApplicationType.RECONNECTION, null, false).date()).isEqualTo(D);
        assertThat(s.nextSwitchDates(X, 1)).containsExactly(D_NEXT);
    }

    @Test
    void a_date_that_is_no_reading_day_is_refused_naming_the_field_and_the_next_two() {
        LocalDate off = D.plusDays(1);
        assertThatThrownBy(() -> file(B, "s1", ApplicationType.SWITCH_START, off, false))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("switchDate");
                    assertThat(e.value()).isEqualTo(off.toString());
                    assertThat(e.getMessage()).contains("is not a reading day").contains("reading group 1")
                            .contains(D + " and " + D_NEXT).contains("customerRequestedDate");
                });
        assertThatThrownBy(() -> file(A, "d1", ApplicationType.DISCONTINUATION, off, false))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("date"));
        // the next two offered are the ones still possible: after D's deadline, D is not offered
        clock.set(Instant.parse("2026-11-30T03:00:00Z"));
        assertThatThrownBy(() -> file(B, "s2", ApplicationType.SWITCH_START, off, false))
                .hasMessageContaining(D_NEXT + " and " + Fixture.D_AFTER);
        // a past date is refused as past, whatever the calendar
        assertThatThrownBy(() -> file(B, "s3", ApplicationType.SWITCH_START, LocalDate.of(2026, 11, 2), true))
                .hasMessageContaining("must be a future date");
    }

    @Test
    void a_date_the_customer_asked_for_is_accepted_off_cycle_and_switches_on_that_date() {
        LocalDate off = D.plusDays(1);
        Application start = file(B, "s1", ApplicationType.SWITCH_START, off, true);
        assertThat(start.status()).isEqualTo(Status.PROCESSING);
        assertThat(start.date()).isEqualTo(off);
        assertThat(start.details()).containsEntry("customerRequestedDate", "true").containsEntry("offCycle", "true");
        Application stop = file(A, "t1", ApplicationType.SWITCH_STOP, off, true);
        clock.set(Instant.parse("2026-11-22T01:20:00Z"));
        assertThat(s.tick()).isTrue();
        assertThat(s.read(B, start.id(), null).matchedId()).isEqualTo(stop.id());
        assertThat(registry.retailerAt(registry.indexOf(X), Slots.index(off, 1) - 1)).isEqualTo(A);
        assertThat(registry.retailerAt(registry.indexOf(X), Slots.index(off, 1))).isEqualTo(B);
        // the customer's flag on a reading day is kept, but it is not off-cycle; without a date it is refused
        assertThat(s.create(A, "r1", new Request.Dated(ApplicationType.RECONNECTION, Y, D, true)).application().details())
                .containsEntry("customerRequestedDate", "true").doesNotContainKey("offCycle");
        assertThatThrownBy(() -> new Request.Dated(ApplicationType.SWITCH_START, X, null, true))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("switchDate").hasMessageContaining("customerRequestedDate");
    }

    @Test
    void a_date_change_follows_the_same_rule() {
        Application start = file(B, "s1", ApplicationType.SWITCH_START, D, false);
        assertThatThrownBy(() -> s.change(B, "c1", start.id(), D.plusDays(2)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("is not a reading day");
        Application moved = s.change(B, "c2", start.id(), D.plusDays(2), true).application();
        assertThat(moved.date()).isEqualTo(D.plusDays(2));
        assertThat(moved.details()).containsEntry("offCycle", "true").containsEntry("replaces", start.id());
    }

    @Test
    void request_hashes_of_requests_without_the_flag_are_the_ones_journaled_before_it() {
        assertThat(new Request.Dated(ApplicationType.SWITCH_START, X, D).toString())
                .isEqualTo("Dated[type=SWITCH_START, supplyPoint=0310111001234567890000, date=2026-12-01]");
        assertThat(new Request.Dated(ApplicationType.SWITCH_START, X, D, true).toString())
                .isEqualTo("Dated[type=SWITCH_START, supplyPoint=0310111001234567890000, date=2026-12-01, customerRequestedDate=true]");
        // the same request without a date, repeated after its default moved on, is still the same request
        Application first = file(B, "s1", ApplicationType.SWITCH_START, null, false);
        clock.set(Instant.parse("2026-11-30T03:00:00Z"));
        SwitchingService.Outcome again = s.create(B, "s1", new Request.Dated(ApplicationType.SWITCH_START, X, null));
        assertThat(again.created()).isFalse();
        assertThat(again.application().id()).isEqualTo(first.id());
    }

    @Test
    void facility_info_answers_the_reading_group_and_the_next_two_reading_days() {
        Application a = s.create(A, "f1", new Request.FacilityInfo(X)).application();
        assertThat(a.details()).containsEntry("readingGroup", "1").containsEntry("nextReadingDays", D + "," + D_NEXT)
                .containsEntry("area", "TOKYO").doesNotContainKey("contractAmperes");
        clock.set(Instant.parse("2026-12-01T03:00:00Z")); // D itself: "after today" starts with D_NEXT
        assertThat(s.create(A, "f2", new Request.FacilityInfo(X)).application().details())
                .containsEntry("nextReadingDays", D_NEXT + "," + Fixture.D_AFTER);
    }

    @Test
    void reading_groups_and_contract_amperes_from_the_master_data() throws Exception {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "supply_point_id,meter_id,retailer,contract_amperes,reading_group\n"
                + X + ",1001,A0001,40,16\n" + Y + ",1002,A0001,,\n");
        RegistryCsv.Loaded master = RegistryCsv.read(f, Fixture.CAL);
        try (SwitchingJournal j = SwitchingJournal.open(dir.resolve("j2"))) {
            SwitchingService svc = new SwitchingService(master.registry(), master.details(), clock, SwitchingConfig.defaults(dir), j);
            svc.start();
            // group 16 reads on the 22nd: 2026-11-22 is today (and a Sunday), so 11-24 (11-23 a holiday) and 12-22
            assertThat(svc.create(A, "f1", new Request.FacilityInfo(X)).application().details())
                    .containsEntry("readingGroup", "16").containsEntry("nextReadingDays", "2026-11-24,2026-12-22")
                    .containsEntry("contractAmperes", "40").containsEntry("meterId", "1001").containsEntry("meterType", "smart");
            assertThat(svc.create(A, "f2", new Request.FacilityInfo(Y)).application().details())
                    .containsEntry("readingGroup", "1").doesNotContainKey("contractAmperes");
            assertThat(svc.create(B, "s1", new Request.Dated(ApplicationType.SWITCH_START, X, null)).application().date())
                    .isEqualTo(LocalDate.of(2026, 11, 24));
            assertThat(svc.readingGroup(X)).isEqualTo(16);
        }
        Files.writeString(f, "supply_point_id,retailer,reading_group\n" + X + ",A0001,21\n");
        assertThatThrownBy(() -> RegistryCsv.read(f, Fixture.CAL)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("master data line 2 reading_group: \"21\" is not a reading group of the calendar");
        Files.writeString(f, "supply_point_id,retailer,contract_amperes\n" + X + ",A0001,-3\n");
        assertThatThrownBy(() -> RegistryCsv.read(f, Fixture.CAL)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("master data line 2 contract_amperes: \"-3\"");
    }

    @Test
    void over_http_the_default_the_refusal_and_the_customers_flag() throws Exception {
        ObjectMapper m = new ObjectMapper();
        SwitchingConfig config = SwitchingConfig.defaults(dir.resolve("http")).withPort(0).withPollInterval(Duration.ZERO);
        try (SwitchingServer server = new SwitchingServer(config, Fixture.registry(), new ManualClock(START))) {
            Fixture.Http http = new Fixture.Http(server.port());
            HttpResponse<String> r = http.post("/switching/IF_10610", B, "k1", "{\"supplyPointId\":\"" + X + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(m.readTree(r.body()).path("date").asText()).isEqualTo(D.toString());
            r = http.post("/switching/IF_10710", A, "k2", Fixture.startBody(X, D.plusDays(1)));
            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode e = m.readTree(r.body()).path("error");
            assertThat(e.path("field").asText()).isEqualTo("switchDate");
            assertThat(e.path("message").asText()).contains(D + " and " + D_NEXT);
            r = http.post("/switching/IF_10710", A, "k3", "{\"supplyPointId\":\"" + X + "\",\"switchDate\":\"" + D.plusDays(1)
                    + "\",\"customerRequestedDate\":true}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(m.readTree(r.body()).path("details").path("offCycle").asText()).isEqualTo("true");
            r = http.post("/switching/IF_10710", A, "k4", "{\"supplyPointId\":\"" + X + "\",\"switchDate\":\"" + D_NEXT
                    + "\",\"customerRequestedDate\":\"yes\"}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(m.readTree(r.body()).path("error").path("field").asText()).isEqualTo("customerRequestedDate");
            r = http.post("/switching/IF_10110", A, "k5", "{\"supplyPointId\":\"" + X + "\"}");
            assertThat(m.readTree(r.body()).path("details").path("nextReadingDays").asText()).isEqualTo(D + "," + D_NEXT);
        }
    }
}
