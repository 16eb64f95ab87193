package jp.ami.switching;

import static jp.ami.switching.Fixture.A;
import static jp.ami.switching.Fixture.B;
import static jp.ami.switching.Fixture.C;
import static jp.ami.switching.Fixture.D;
import static jp.ami.switching.Fixture.D_AFTER;
import static jp.ami.switching.Fixture.D_NEXT;
import static jp.ami.switching.Fixture.START;
import static jp.ami.switching.Fixture.TSO;
import static jp.ami.switching.Fixture.X;
import static jp.ami.switching.Fixture.Y;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import jp.ami.model.InvalidValueException;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import org.junit.jupiter.api.Test;

/** The rules, on the service with a real journal and a test clock. */
class SwitchingServiceTest extends ServiceOnJournal {
    private Application start(jp.ami.model.OperatorCode op, String key, LocalDate d) {
        return s.create(op, key, new Request.Dated(ApplicationType.SWITCH_START, X, d)).application();
    }

    private Application stop(jp.ami.model.OperatorCode op, String key, LocalDate d) {
        return s.create(op, key, new Request.Dated(ApplicationType.SWITCH_STOP, X, d)).application();
    }

    private void batchAt(String instant) {
        clock.set(Instant.parse(instant));
        assertThat(s.tick()).isTrue();
    }

    @Test
    void ids_are_sequential_and_keys_are_per_operator() {
        s.registerConsent(TSO, X, "pw-1234", null); // B and C may see X's facility information with the customer's password
        Application a1 = s.create(B, "k1", new Request.FacilityInfo(X, "pw-1234")).application();
        Application a2 = s.create(C, "k1", new Request.FacilityInfo(X, "pw-1234")).application();
        assertThat(a1.id()).isEqualTo("A000000001");
        assertThat(a2.id()).isEqualTo("A000000002");
        SwitchingService.Outcome again = s.create(B, "k1", new Request.FacilityInfo(X, "pw-1234"));
        assertThat(again.created()).isFalse();
        assertThat(again.application()).isEqualTo(a1);
        assertThatThrownBy(() -> s.create(B, "k1", new Request.FacilityInfo(Y)))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
        assertThatThrownBy(() -> s.create(B, "bad key!", new Request.FacilityInfo(X)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("Idempotency-Key").hasMessageContaining("bad key!");
    }

    @Test
    void switch_date_must_be_future_and_before_its_deadline() {
        LocalDate today = LocalDate.of(2026, 11, 22);
        assertThatThrownBy(() -> start(B, "k", today)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("switchDate").hasMessageContaining("2026-11-22").hasMessageContaining("future");
        // the day before the reading day D: D 00:00 JST minus 12 h = 11-30 12:00 JST = 03:00Z; at 01:05Z → still allowed
        clock.set(Instant.parse("2026-11-30T01:05:00Z"));
        assertThat(start(B, "k", D).status()).isEqualTo(Status.PROCESSING);
        clock.set(Instant.parse("2026-11-30T03:00:00Z"));
        assertThatThrownBy(() -> start(C, "k", D)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("deadline");
    }

    @Test
    void only_the_supplier_on_the_date_may_file_a_stop_and_no_one_switches_to_itself() {
        assertThatThrownBy(() -> stop(B, "k", D))
                .isInstanceOfSatisfying(SwitchingException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.field()).isEqualTo("supplyPointId");
                });
        assertThatThrownBy(() -> start(A, "k", D)).isInstanceOf(InvalidValueException.class).hasMessageContaining("already supplied");
        assertThat(stop(A, "k", D).status()).isEqualTo(Status.PROCESSING);
        assertThatThrownBy(() -> stop(A, "k2", D))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
    }

    @Test
    void batch_matches_start_and_stop_and_switches_the_registry() {
        Application st = start(B, "s", D);
        Application sp = stop(A, "t", D);
        Application other = stop(A, "t2", D_NEXT); // no start for that date
        assertThat(s.tick()).isFalse(); // still 01:05, same interval
        batchAt("2026-11-22T01:20:00Z");
        assertThat(s.read(B, st.id(), ApplicationType.SWITCH_START).status()).isEqualTo(Status.OK);
        assertThat(s.read(A, sp.id(), ApplicationType.SWITCH_STOP).matchedId()).isEqualTo(st.id());
        assertThat(s.read(A, other.id(), null).status()).isEqualTo(Status.PROCESSING);
        int p = registry.indexOf(X);
        assertThat(registry.retailerAt(p, Slots.index(D, 1) - 1)).isEqualTo(A);
        assertThat(registry.retailerAt(p, Slots.index(D, 1))).isEqualTo(B);
        // after D, B supplies X: A can no longer file a stop for a later date, B can
        assertThatThrownBy(() -> stop(A, "t3", D_AFTER)).isInstanceOf(SwitchingException.class);
        assertThat(stop(B, "t3", D_AFTER).applicant()).isEqualTo(B);
        // cancel is the applicant's only, and only while processing
        assertThatThrownBy(() -> s.cancel(A, st.id())).isInstanceOf(SwitchingException.class);
        assertThatThrownBy(() -> s.cancel(B, st.id()))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
        assertThat(s.cancel(A, other.id()).status()).isEqualTo(Status.CANCELLED);
        assertThat(s.cancel(A, other.id()).status()).isEqualTo(Status.CANCELLED);
    }

    @Test
    void unmatched_applications_become_ng_at_the_first_batch_after_the_deadline() {
        Application st = start(B, "s", D);
        Application req = s.create(C, "r", new Request.Brokering(Y, D, "K1", "name", "addr")).application();
        batchAt("2026-11-30T02:40:00Z"); // before the deadline 2026-11-30T03:00Z
        assertThat(s.read(B, st.id(), null).status()).isEqualTo(Status.PROCESSING);
        batchAt("2026-11-30T03:00:00Z");
        Application ng = s.read(B, st.id(), null);
        assertThat(ng.status()).isEqualTo(Status.NG);
        assertThat(ng.reason()).contains("no matching switching stop");
        assertThat(s.read(C, req.id(), null).status()).isEqualTo(Status.NG);
        assertThat(s.read(C, req.id(), null).reason()).contains("did not answer");
        assertThat(registry.switches(registry.indexOf(X))).isEmpty();
    }

    @Test
    void brokering_ng_needs_a_reason_and_answers_are_idempotent() {
        Application req = s.create(B, "r", new Request.Brokering(X, D, "K1", "name", "addr")).application();
        assertThat(s.addressedTo(A, null)).containsExactly(req);
        assertThat(s.addressedTo(B, null)).isEmpty();
        assertThatThrownBy(() -> s.answer(A, req.id(), false, null)).isInstanceOf(InvalidValueException.class).hasMessageContaining("reason");
        Application ng = s.answer(A, req.id(), false, "contract number unknown");
        assertThat(ng.status()).isEqualTo(Status.NG);
        assertThat(ng.reason()).contains("contract number unknown");
        assertThat(s.answer(A, req.id(), false, "again")).isEqualTo(ng);
        assertThatThrownBy(() -> s.answer(A, req.id(), true, null))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
        // the NG request no longer blocks another retailer
        assertThat(s.create(C, "c", new Request.Brokering(X, D, "K1", "name", "addr")).application().status()).isEqualTo(Status.PROCESSING);
    }

    @Test
    void brokering_ok_links_a_stop_the_current_retailer_already_filed() {
        Application own = stop(A, "t", D);
        Application req = s.create(B, "r", new Request.Brokering(X, D, "K1", "name", "addr")).application();
        Application ok = s.answer(A, req.id(), true, null);
        assertThat(ok.details()).containsEntry("stopId", own.id());
        assertThat(s.filedBy(A)).containsExactly(own);
    }

    @Test
    void conflicting_start_is_ng_and_the_winner_is_told() {
        Application first = start(B, "s", D);
        Application second = start(C, "s", D);
        assertThat(second.status()).isEqualTo(Status.NG);
        assertThat(second.reason()).contains(first.id());
        assertThat(s.read(B, first.id(), null).notices()).singleElement().asString().contains(second.id());
        stop(A, "t", D);
        batchAt("2026-11-22T01:20:00Z");
        assertThat(registry.retailerAt(registry.indexOf(X), Slots.index(D, 1))).isEqualTo(B);
    }

    @Test
    void usage_info_needs_a_valid_consent_password() {
        assertThat(s.create(B, "u0", new Request.UsageInfo(X, "secret-1")).application().reason()).contains("no consent");
        assertThatThrownBy(() -> s.registerConsent(B, X, "secret-1", null))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
        assertThatThrownBy(() -> s.registerConsent(TSO, X, "secret-1", START.plus(Duration.ofDays(40))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("validUntil");
        Instant until = s.registerConsent(TSO, X, "secret-1", null);
        assertThat(until).isEqualTo(Instant.parse("2026-12-22T01:05:00Z"));
        assertThat(s.create(B, "u1", new Request.UsageInfo(X, "wrong-1")).application().status()).isEqualTo(Status.NG);
        Application ok = s.create(B, "u2", new Request.UsageInfo(X, "secret-1")).application();
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.details()).containsEntry("consentValidUntil", until.toString());
        clock.set(until);
        assertThat(s.create(B, "u3", new Request.UsageInfo(X, "secret-1")).application().reason()).contains("expired");
        assertThat(s.dump()).doesNotContain("secret-1");
    }

    @Test
    void approved_usage_info_serves_thirteen_months_totals_and_values_only_to_its_applicant_while_consent_holds() {
        s.registerConsent(TSO, X, "secret-1", null);
        Application ok = s.create(B, "u1", new Request.UsageInfo(X, "secret-1")).application();
        Application ng = s.create(C, "u2", new Request.UsageInfo(X, "wrong-1")).application();
        assertThatThrownBy(() -> s.usage(B, ok.id()))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(404)); // no store wired
        java.util.List<Instant[]> asked = new java.util.ArrayList<>();
        s.usageSource((point, from, to) -> {
            asked.add(new Instant[] {from, to});
            return java.util.List.of(
                    new UsageSource.SlotValue(Instant.parse("2026-10-31T15:00:00Z"), 1234L, "0"), // ends 11-01 00:00 JST: October
                    new UsageSource.SlotValue(Instant.parse("2026-10-31T15:30:00Z"), 5L, "0"),
                    new UsageSource.SlotValue(Instant.parse("2026-10-31T16:00:00Z"), null, "9"),
                    new UsageSource.SlotValue(Instant.parse("2026-11-21T00:00:00Z"), 10_001L, "1"));
        });
        Usage u = s.usage(B, ok.id());
        assertThat(u.from()).isEqualTo(Instant.parse("2025-10-31T15:00:00Z")); // 2025-11-01 00:00 JST: 12 months before this one
        assertThat(asked).singleElement().satisfies(a -> assertThat(a[1]).isEqualTo(START));
        assertThat(u.months()).containsOnlyKeys(java.time.YearMonth.of(2026, 10), java.time.YearMonth.of(2026, 11));
        assertThat(u.months().get(java.time.YearMonth.of(2026, 10))).containsExactly(1234, 1, 0);
        assertThat(u.months().get(java.time.YearMonth.of(2026, 11))).containsExactly(10_006, 2, 1);
        assertThatThrownBy(() -> s.usage(A, ok.id()))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
        assertThatThrownBy(() -> s.usage(C, ng.id()))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
        clock.set(Instant.parse(ok.details().get("consentValidUntil")).plusSeconds(1));
        assertThatThrownBy(() -> s.usage(B, ok.id()))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
    }

    @Test
    void reconnection_and_discontinuation_are_the_suppliers_and_stay_processing() {
        Application r = s.create(A, "r", new Request.Dated(ApplicationType.RECONNECTION, X, D)).application();
        assertThat(r.status()).isEqualTo(Status.PROCESSING);
        assertThatThrownBy(() -> s.create(B, "d", new Request.Dated(ApplicationType.DISCONTINUATION, X, D)))
                .isInstanceOf(SwitchingException.class);
        assertThatThrownBy(() -> s.create(A, "d", new Request.Dated(ApplicationType.DISCONTINUATION, X, LocalDate.of(2026, 11, 1))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("\"date\"".replace("\"", "")).hasMessageContaining("2026-11-01");
    }

    @Test
    void a_date_change_marks_the_old_application_changed_and_files_a_new_one() {
        Application st = start(B, "s", D);
        SwitchingService.Outcome ch = s.change(B, "c1", st.id(), D_NEXT);
        assertThat(ch.created()).isTrue();
        Application moved = ch.application();
        assertThat(moved.date()).isEqualTo(D_NEXT);
        assertThat(moved.details()).containsEntry("replaces", st.id());
        Application old = s.read(B, st.id(), null);
        assertThat(old.status()).isEqualTo(Status.CHANGED);
        assertThat(old.reason()).contains(moved.id());
        assertThat(s.change(B, "c1", st.id(), D_NEXT).application()).isEqualTo(moved);
        assertThatThrownBy(() -> s.change(B, "c1", st.id(), D_AFTER))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
        assertThatThrownBy(() -> s.change(B, "c2", st.id(), D_AFTER))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
        assertThatThrownBy(() -> s.change(C, "c3", moved.id(), D_AFTER))
                .isInstanceOfSatisfying(SwitchingException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
        // the new date matches a stop for the new date
        stop(A, "t", D_NEXT);
        batchAt("2026-11-22T01:20:00Z");
        assertThat(s.read(B, moved.id(), null).status()).isEqualTo(Status.OK);
        assertThat(registry.retailerAt(registry.indexOf(X), Slots.index(D, 1))).isEqualTo(A);
        assertThat(registry.retailerAt(registry.indexOf(X), Slots.index(D_NEXT, 1))).isEqualTo(B);
    }

    @Test
    void replay_of_the_journal_rebuilds_the_same_state() {
        start(B, "s", D);
        Application req = s.create(C, "r", new Request.Brokering(Y, D, "K1", "name", "addr")).application();
        s.answer(A, req.id(), true, null);
        stop(A, "t", D);
        s.registerConsent(TSO, X, "secret-1", null);
        batchAt("2026-11-22T01:20:00Z");
        String dump = s.dump();
        SupplyRegistry fresh = Fixture.registry();
        SwitchingService again = new SwitchingService(fresh, clock, SwitchingConfig.defaults(dir), journal);
        journal.replay(again::replay);
        assertThat(again.dump()).isEqualTo(dump);
        assertThat(fresh.retailerAt(fresh.indexOf(X), Slots.index(D, 1))).isEqualTo(B);
        assertThat(fresh.retailerAt(fresh.indexOf(Y), Slots.index(D, 1))).isEqualTo(A); // C's start was never filed
        // the sequence continues after the replayed IDs
        assertThat(again.create(B, "next", new Request.FacilityInfo(X)).application().id()).isEqualTo("A000000005");
    }
}
