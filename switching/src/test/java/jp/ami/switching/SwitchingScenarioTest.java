package jp.ami.switching;

import static jp.ami.switching.Fixture.A;
import static jp.ami.switching.Fixture.B;
import static jp.ami.switching.Fixture.C;
import static jp.ami.switching.Fixture.D;
import static jp.ami.switching.Fixture.START;
import static jp.ami.switching.Fixture.X;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario, in-process, over real HTTP and a real journal; the batch is driven by a test clock. */
class SwitchingScenarioTest {
    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return M.readTree(r.body());
    }

    @Test
    void b_takes_x_from_a_through_brokering_and_matching() throws Exception {
        ManualClock clock = new ManualClock(START);
        SupplyRegistry registry = Fixture.registry();
        SwitchingConfig config = SwitchingConfig.defaults(dir).withPort(0).withPollInterval(Duration.ofMillis(5));
        try (SwitchingServer server = new SwitchingServer(config, registry, clock)) {
            Fixture.Http http = new Fixture.Http(server.port());

            // B registers the 廃止取次 request for X at D, addressed to A (X's supplier on D)
            HttpResponse<String> r = http.post("/switching/IS_20110", B, "b-req-1", Fixture.brokeringBody(X, D));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode req = json(r);
            String reqId = req.path("id").asText();
            assertThat(reqId).isEqualTo("A000000001");
            assertThat(req.path("status").asInt()).isEqualTo(1);
            assertThat(req.path("counterpart").asText()).isEqualTo("A0001");
            assertThat(req.path("details").path("contractNumber").asText()).isEqualTo("K-12345");

            // the same key and body again → the same application, not a new one; another body → 409
            r = http.post("/switching/IS_20110", B, "b-req-1", Fixture.brokeringBody(X, D));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).path("id").asText()).isEqualTo(reqId);
            r = http.post("/switching/IS_20110", B, "b-req-1", Fixture.brokeringBody(X, D.plusDays(1)));
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(json(r).path("error").path("field").asText()).isEqualTo("Idempotency-Key");

            // a second new retailer C for the same X and D: accepted as NG (conflict); B is told by a notice
            r = http.post("/switching/IS_20110", C, "c-req-1", Fixture.brokeringBody(X, D));
            assertThat(r.statusCode()).isEqualTo(201);
            JsonNode cReq = json(r);
            assertThat(cReq.path("status").asInt()).isEqualTo(3);
            assertThat(cReq.path("reason").asText()).contains("conflict").contains(reqId);
            r = http.get("/switching/IS_20210?id=" + reqId, B);
            assertThat(json(r).path("notices").get(0).asText()).contains("conflict").contains(cReq.path("id").asText());
            assertThat(json(r).path("status").asInt()).isEqualTo(1);

            // a wrong operator gets 403 reading or answering B's request
            assertThat(http.get("/switching/IS_20210?id=" + reqId, C).statusCode()).isEqualTo(403);
            r = http.post("/switching/IS_20410", C, null, "{\"id\":\"" + reqId + "\",\"answer\":\"OK\"}");
            assertThat(r.statusCode()).isEqualTo(403);
            r = http.post("/switching/IS_20410", B, null, "{\"id\":\"" + reqId + "\",\"answer\":\"OK\"}");
            assertThat(r.statusCode()).isEqualTo(403);

            // malformed JSON → 400 naming the field; missing operator → 400; unknown point → 404
            r = http.post("/switching/IF_10610", B, "b-start-x", "{\"supplyPointId\":\"" + X + "\",\"switchDate\":2026-12-01}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("error").path("field").asText()).isEqualTo("switchDate");
            r = http.post("/switching/IF_10610", B, "b-start-x", "{\"supplyPointId\":\"" + X + "\",\"switchDate\":\"2026-13-01\"}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("error").path("field").asText()).isEqualTo("switchDate");
            assertThat(json(r).path("error").path("value").asText()).isEqualTo("2026-13-01");
            assertThat(http.post("/switching/IF_10610", null, "k", Fixture.startBody(X, D)).statusCode()).isEqualTo(400);
            r = http.post("/switching/IF_10610", B, "k404", Fixture.startBody(jp.ami.model.SupplyPointId.of("0310111001234567899999"), D));
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(json(r).path("error").path("field").asText()).isEqualTo("supplyPointId");

            // A lists the requests addressed to it and answers OK → the stop is filed on A's behalf
            r = http.get("/switching/IS_20310?status=1", A);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).path("applications")).hasSize(1);
            assertThat(json(r).path("applications").get(0).path("id").asText()).isEqualTo(reqId);
            r = http.post("/switching/IS_20410", A, null, "{\"id\":\"" + reqId + "\",\"answer\":\"OK\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).path("status").asInt()).isEqualTo(2);
            String stopId = json(r).path("details").path("stopId").asText();
            r = http.get("/switching/IF_10720?id=" + stopId, A);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).path("applicant").asText()).isEqualTo("A0001");
            assertThat(json(r).path("status").asInt()).isEqualTo(1);
            assertThat(json(r).path("details").path("brokeringId").asText()).isEqualTo(reqId);

            // B files the start
            r = http.post("/switching/IF_10610", B, "b-start-x", Fixture.startBody(X, D));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String startId = json(r).path("id").asText();

            // nothing matches before the batch; the batch runs when the clock crosses 01:20
            long before = server.service().batches();
            assertThat(http.get("/switching/IF_10620?id=" + startId, B).body()).contains("\"status\":1");
            clock.set(Instant.parse("2026-11-22T01:20:00Z"));
            assertThat(server.service().awaitBatches(before + 1, 10_000)).isTrue();

            JsonNode start = json(http.get("/switching/IF_10620?id=" + startId, B));
            JsonNode stop = json(http.get("/switching/IF_10720?id=" + stopId, A));
            assertThat(start.path("status").asInt()).isEqualTo(2);
            assertThat(stop.path("status").asInt()).isEqualTo(2);
            assertThat(start.path("matchedId").asText()).isEqualTo(stopId);
            assertThat(stop.path("matchedId").asText()).isEqualTo(startId);
            // either side may read the matched pair
            assertThat(http.get("/switching/IF_10720?id=" + stopId, B).statusCode()).isEqualTo(200);
            assertThat(http.get("/switching/IF_10620?id=" + startId, C).statusCode()).isEqualTo(403);

            // routing: A before D's first slot, B from it
            int p = registry.indexOf(X);
            long first = Slots.index(D, 1);
            assertThat(registry.retailerAt(p, first - 1)).isEqualTo(A);
            assertThat(registry.retailerAt(p, first)).isEqualTo(B);
            assertThat(registry.retailerAt(p, first + 48 * 30)).isEqualTo(B);
        }
    }

    @Test
    void oversized_bodies_get_413_and_unknown_routes_404() throws Exception {
        SwitchingConfig config = SwitchingConfig.defaults(dir).withPort(0).withPollInterval(Duration.ZERO).withMaxBodyBytes(1024);
        try (SwitchingServer server = new SwitchingServer(config, Fixture.registry(), new ManualClock(START))) {
            Fixture.Http http = new Fixture.Http(server.port());
            String big = "{\"supplyPointId\":\"" + "9".repeat(2000) + "\"}";
            assertThat(http.post("/switching/IF_10110", B, "big", big).statusCode()).isEqualTo(413);
            assertThat(http.get("/switching/IF_99999", B).statusCode()).isEqualTo(404);
            assertThat(http.get("/other", B).statusCode()).isEqualTo(404);
            assertThat(http.get("/switching/IF_10610", B).statusCode()).isEqualTo(405);
            // the server still works after the 413
            HttpResponse<String> r = http.post("/switching/IF_10110", A, "small", "{\"supplyPointId\":\"" + X + "\"}");
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(json(r).path("details").path("area").asText()).isEqualTo("TOKYO");
            // invalid operator header
            r = http.get("/switching/IS_20310", null);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("error").path("field").asText()).isEqualTo("X-Ami-Operator");
            // unknown field and non-object bodies name the field / the body
            r = http.post("/switching/IF_10110", B, "k2", "{\"supplyPointId\":\"" + X + "\",\"colour\":\"red\"}");
            assertThat(json(r).path("error").path("field").asText()).isEqualTo("colour");
            r = http.post("/switching/IF_10110", B, "k3", "[1,2]");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("error").path("field").asText()).isEqualTo("body");
            r = http.post("/switching/IF_10110", B, "k4", "{\"supplyPointId\":\"" + X + "\"");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("error").path("field").asText()).isEqualTo("supplyPointId");
            // missing idempotency key
            r = http.post("/switching/IF_10110", B, null, "{\"supplyPointId\":\"" + X + "\"}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("error").path("field").asText()).isEqualTo("Idempotency-Key");
        }
    }

    @Test
    void consent_usage_info_change_cancel_and_lists_over_http() throws Exception {
        SwitchingConfig config = SwitchingConfig.defaults(dir).withPort(0).withPollInterval(Duration.ZERO);
        try (SwitchingServer server = new SwitchingServer(config, Fixture.registry(), new ManualClock(START))) {
            Fixture.Http http = new Fixture.Http(server.port());
            String consent = "{\"supplyPointId\":\"" + X + "\",\"consentPassword\":\"pw-1234\"}";
            assertThat(http.post("/switching/consents", B, null, consent).statusCode()).isEqualTo(403);
            HttpResponse<String> r = http.post("/switching/consents", Fixture.TSO, null, consent);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(json(r).path("validUntil").asText()).isEqualTo("2026-12-22T01:05:00Z");
            r = http.post("/switching/IF_10310", B, "u1", consent);
            assertThat(json(r).path("status").asInt()).isEqualTo(2);
            r = http.post("/switching/IF_10410", A, "rc1", "{\"supplyPointId\":\"" + X + "\",\"date\":\"" + D + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String rc = json(r).path("id").asText();
            r = http.post("/switching/change", A, "ch1", "{\"id\":\"" + rc + "\",\"date\":\"" + Fixture.D_NEXT + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String moved = json(r).path("id").asText();
            assertThat(json(http.get("/switching/applications?id=" + rc, A)).path("status").asInt()).isEqualTo(4);
            r = http.post("/switching/cancel", A, null, "{\"id\":\"" + moved + "\"}");
            assertThat(json(r).path("status").asInt()).isEqualTo(5);
            assertThat(http.post("/switching/cancel", B, null, "{\"id\":\"" + moved + "\"}").statusCode()).isEqualTo(403);
            r = http.get("/switching/applications", A);
            assertThat(json(r).path("applications")).hasSize(2);
            assertThat(http.get("/switching/IF_10620?id=" + rc, A).statusCode()).isEqualTo(404);
            r = http.get("/switching/IF_10620?id=42", A);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("error").path("field").asText()).isEqualTo("id");
        }
    }
}
