package jp.ami.switching;

import static jp.ami.switching.Fixture.A;
import static jp.ami.switching.Fixture.B;
import static jp.ami.switching.Fixture.D;
import static jp.ami.switching.Fixture.START;
import static jp.ami.switching.Fixture.X;
import static jp.ami.switching.Fixture.Y;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The internal switch feed: sequence numbers stable across restarts, the settled horizon, the HTTP route. */
class SwitchFeedTest {
    @TempDir
    Path dir;

    private SwitchingServer server(ManualClock clock) {
        SwitchingConfig config = SwitchingConfig.defaults(dir).withPort(0).withPollInterval(Duration.ZERO);
        return new SwitchingServer(config, Fixture.registry(), clock);
    }

    private static JsonNode get(Fixture.Http http, String query) throws Exception {
        HttpResponse<String> r = http.get(SwitchFeed.PATH + query, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Events.MAPPER.readTree(r.body());
    }

    @Test
    void matched_switches_are_numbered_in_journal_order_and_the_horizon_waits_for_the_deadline_and_the_batch() throws Exception {
        ManualClock clock = new ManualClock(START); // 2026-11-22 10:05 JST; D = 2026-12-01, deadline 11-30 12:00 JST
        LocalDate d2 = D.plusDays(1);
        try (SwitchingServer s = server(clock)) {
            Fixture.Http http = new Fixture.Http(s.port());
            JsonNode empty = get(http, "?after=0");
            assertThat(empty.path("last").asLong()).isZero();
            assertThat(empty.path("switches")).isEmpty();
            // 10:05 JST + 12 h is still the 22nd: the 23rd's deadline (22nd 12:00 JST) has not passed
            assertThat(empty.path("settledBefore").asText()).isEqualTo("2026-11-23");
            assertThat(empty.path("settledSlot").asLong()).isEqualTo(Slots.index(LocalDate.of(2026, 11, 23), 1));

            for (var p : new jp.ami.model.SupplyPointId[]{X, Y}) {
                LocalDate d = p.equals(X) ? D : d2;
                String body = "{\"supplyPointId\":\"" + p + "\",\"switchDate\":\"" + d + "\",\"customerRequestedDate\":true}";
                assertThat(http.post("/switching/IF_10610", B, "start-" + p, body).statusCode()).isEqualTo(201);
                assertThat(http.post("/switching/IF_10710", A, "stop-" + p, body).statusCode()).isEqualTo(201);
            }
            // a processing switch for D holds the horizon at D even after D's deadline, until a batch decides it
            clock.set(s.service().deadline(D).plusSeconds(60));
            assertThat(get(http, "?after=0").path("settledBefore").asText()).isEqualTo(D.toString());
            clock.set(s.service().deadline(D).plus(Duration.ofMinutes(20)));
            assertThat(s.tick()).isTrue(); // matches both pairs
            JsonNode all = get(http, "?after=0");
            assertThat(all.path("last").asLong()).isEqualTo(2);
            assertThat(all.path("more").asBoolean()).isFalse();
            assertThat(all.path("switches").get(0).path("seq").asLong()).isEqualTo(1);
            assertThat(all.path("switches").get(0).path("point").asText()).isEqualTo(X.value());
            assertThat(all.path("switches").get(0).path("fromSlot").asLong()).isEqualTo(Slots.index(D, 1));
            assertThat(all.path("switches").get(0).path("retailer").asText()).isEqualTo(B.value());
            assertThat(all.path("switches").get(1).path("point").asText()).isEqualTo(Y.value());
            assertThat(all.path("switches").get(1).path("fromSlot").asLong()).isEqualTo(Slots.index(d2, 1));
            // D decided; d2's deadline (D 12:00 JST) not passed yet: the horizon is d2
            assertThat(all.path("settledBefore").asText()).isEqualTo(d2.toString());
            JsonNode page = get(http, "?after=0&limit=1");
            assertThat(page.path("switches")).hasSize(1);
            assertThat(page.path("last").asLong()).isEqualTo(1);
            assertThat(page.path("more").asBoolean()).isTrue();
            JsonNode rest = get(http, "?after=1");
            assertThat(rest.path("switches")).hasSize(1);
            assertThat(rest.path("switches").get(0).path("seq").asLong()).isEqualTo(2);
            assertThat(get(http, "?after=2").path("switches")).isEmpty();
            assertThat(get(http, "?after=2").path("last").asLong()).isEqualTo(2);
            assertThat(http.get(SwitchFeed.PATH + "?after=x", null).statusCode()).isEqualTo(400);
            assertThat(http.post(SwitchFeed.PATH, null, null, "").statusCode()).isEqualTo(405);
        }
        // a restart replays the journal: the same numbers
        clock.set(Instant.parse("2026-12-01T04:00:00Z"));
        try (SwitchingServer s = server(clock)) {
            JsonNode all = get(new Fixture.Http(s.port()), "?after=0");
            assertThat(all.path("last").asLong()).isEqualTo(2);
            assertThat(all.path("switches").get(1).path("point").asText()).isEqualTo(Y.value());
            // 12-01 13:00 JST: the deadline of 12-03 (12-02 12:00 JST) has not passed
            assertThat(all.path("settledBefore").asText()).isEqualTo("2026-12-03");
        }
    }
}
