package jp.ami.switching;

import static jp.ami.switching.Fixture.A;
import static jp.ami.switching.Fixture.B;
import static jp.ami.switching.Fixture.C;
import static jp.ami.switching.Fixture.D;
import static jp.ami.switching.Fixture.D_NEXT;
import static jp.ami.switching.Fixture.START;
import static jp.ami.switching.Fixture.TSO;
import static jp.ami.switching.Fixture.X;
import static jp.ami.switching.Fixture.Y;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.model.ManualClock;
import jp.ami.model.MeterId;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The low-voltage interfaces of seed 002 added to the switching service — IF_10210/10220 (usage-viewing password),
 * IF_10420/10520 (status of reconnection / discontinuation), IF_10810/10820 (demand-location information),
 * IF_10910/10920 (ampere change), IF_11110 (bulk retrieval) — and IF_10110's facility data and scope; over real
 * HTTP, a real journal and a test clock, with restarts on the same journal.
 */
class LowVoltageInterfacesTest {
    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path dir;
    ManualClock clock;
    SupplyRegistry registry;
    SupplyPointDetails details;
    SwitchingServer server;
    Fixture.Http http;

    @BeforeEach
    void open() {
        clock = new ManualClock(START);
        registry = Fixture.registry();
        details = SupplyPointDetails.defaults();
        details.contractAmperes(registry.indexOf(X), 30);
        details.meterId(registry.indexOf(X), MeterId.of(4_100_000_001L));
        details.commPath(registry.indexOf(X), CommPath.WISUN);
        start();
    }

    private void start() {
        SwitchingConfig config = SwitchingConfig.defaults(dir).withPort(0).withPollInterval(Duration.ZERO);
        server = new SwitchingServer(config, registry, details, clock);
        http = new Fixture.Http(server.port());
    }

    /** Closes the server and starts a new one on the same journal, over a fresh registry (as after a restart). */
    private void restart() {
        server.close();
        registry = Fixture.registry();
        start();
    }

    @AfterEach
    void close() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return M.readTree(r.body());
    }

    private JsonNode created(String path, OperatorCode op, String key, String body) throws Exception {
        HttpResponse<String> r = http.post(path, op, key, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    private void refused(HttpResponse<String> r, int status, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error").path("field").asText()).as(r.body()).isEqualTo(field);
    }

    /** Same key + same body → 200 with the same application; same key + another body → 409 naming the key. */
    private void idempotent(String path, OperatorCode op, String key, String body, String otherBody, String id) throws Exception {
        HttpResponse<String> r = http.post(path, op, key, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("id").asText()).isEqualTo(id);
        refused(http.post(path, op, key, otherBody), 409, "Idempotency-Key");
    }

    private JsonNode inquiry(String code, OperatorCode op, String id) throws Exception {
        HttpResponse<String> r = http.get("/switching/" + code + "?id=" + id, op);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static String body(String... kv) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append('"').append(kv[i]).append("\":");
            sb.append(kv[i + 1].equals("true") || kv[i + 1].matches("\\d+") && kv[i].equals("contractAmperes") ? kv[i + 1] : "\"" + kv[i + 1] + "\"");
        }
        return sb.append('}').toString();
    }

    @Test
    void if_10210_usage_password_request_is_ok_once_the_tso_issues_the_consent() throws Exception {
        String ok = body("supplyPointId", X.value(), "customerName", "山田太郎", "address", "東京都千代田区1-1");
        JsonNode a = created("/switching/IF_10210", B, "pw-1", ok);
        String id = a.path("id").asText();
        assertThat(a.path("interface").asText()).isEqualTo("IF_10210");
        assertThat(a.path("status").asInt()).isEqualTo(1);
        assertThat(a.path("details").path("customerName").asText()).isEqualTo("山田太郎");
        refused(http.post("/switching/IF_10210", B, "pw-2", body("supplyPointId", X.value(), "customerName", "山田太郎")), 400, "address");
        refused(http.post("/switching/IF_10210", B, "pw-3", body("supplyPointId", X.value(), "customerName", " ", "address", "x")), 400, "customerName");
        idempotent("/switching/IF_10210", B, "pw-1", ok, body("supplyPointId", X.value(), "customerName", "山田花子", "address", "東京都千代田区1-1"), id);
        assertThat(inquiry("IF_10220", B, id).path("status").asInt()).isEqualTo(1);
        refused(http.get("/switching/IF_10220?id=" + id, C), 403, "id");
        refused(http.get("/switching/IF_10620?id=" + id, B), 404, "id"); // not a switching start
        // the TSO registers the customer's consent password: the request is OK, with the consent's validity
        server.service().registerConsent(TSO, X, "customer-pw", null);
        JsonNode done = inquiry("IF_10220", B, id);
        assertThat(done.path("status").asInt()).isEqualTo(2);
        assertThat(done.path("details").path("consentValidUntil").asText()).isEqualTo("2026-12-22T01:05:00Z");
        restart();
        assertThat(inquiry("IF_10220", B, id).path("status").asInt()).isEqualTo(2);
    }

    @Test
    void if_10420_and_if_10520_answer_the_status_of_reconnection_and_discontinuation() throws Exception {
        String rc = body("supplyPointId", X.value(), "date", D.toString());
        String reconnection = created("/switching/IF_10410", A, "rc-1", rc).path("id").asText();
        String dc = body("supplyPointId", Y.value(), "date", D.toString());
        String discontinuation = created("/switching/IF_10510", A, "dc-1", dc).path("id").asText();
        refused(http.post("/switching/IF_10410", A, "rc-2", body("supplyPointId", X.value(), "date", D.plusDays(1).toString())), 400, "date");
        refused(http.post("/switching/IF_10510", B, "dc-2", dc), 403, "supplyPointId");
        idempotent("/switching/IF_10410", A, "rc-1", rc, body("supplyPointId", X.value(), "date", D_NEXT.toString()), reconnection);
        JsonNode r = inquiry("IF_10420", A, reconnection);
        assertThat(r.path("status").asInt()).isEqualTo(1);
        assertThat(r.path("date").asText()).isEqualTo(D.toString());
        assertThat(inquiry("IF_10520", A, discontinuation).path("interface").asText()).isEqualTo("IF_10510");
        refused(http.get("/switching/IF_10420?id=" + reconnection, B), 403, "id");
        refused(http.get("/switching/IF_10520?id=" + reconnection, A), 404, "id"); // a reconnection, not a discontinuation
        refused(http.get("/switching/IF_10420?id=A12", A), 400, "id");
        http.post("/switching/cancel", A, null, "{\"id\":\"" + discontinuation + "\"}");
        assertThat(inquiry("IF_10520", A, discontinuation).path("status").asInt()).isEqualTo(5);
    }

    @Test
    void if_10810_location_change_by_the_supplier_and_its_status_if_10820() throws Exception {
        String ok = body("supplyPointId", X.value(), "address", "東京都港区2-2", "phone", "03-1234-5678");
        JsonNode a = created("/switching/IF_10810", A, "loc-1", ok);
        String id = a.path("id").asText();
        assertThat(a.path("status").asInt()).isEqualTo(1);
        assertThat(a.path("details").path("address").asText()).isEqualTo("東京都港区2-2");
        assertThat(a.path("details").has("customerName")).isFalse();
        refused(http.post("/switching/IF_10810", A, "loc-2", body("supplyPointId", X.value())), 400, "customerName");
        refused(http.post("/switching/IF_10810", A, "loc-3", body("supplyPointId", X.value(), "phone", "phone!")), 400, "phone");
        refused(http.post("/switching/IF_10810", A, "loc-4", body("supplyPointId", X.value(), "colour", "red")), 400, "colour");
        refused(http.post("/switching/IF_10810", B, "loc-5", ok), 403, "supplyPointId");
        idempotent("/switching/IF_10810", A, "loc-1", ok, body("supplyPointId", X.value(), "address", "東京都港区3-3"), id);
        assertThat(inquiry("IF_10820", A, id).path("details").path("phone").asText()).isEqualTo("03-1234-5678");
        refused(http.get("/switching/IF_10820?id=" + id, B), 403, "id");
        // no date to change
        refused(http.post("/switching/change", A, "loc-c", "{\"id\":\"" + id + "\",\"date\":\"" + D + "\"}"), 409, "id");
    }

    @Test
    void if_10910_ampere_change_from_a_reading_day_and_its_status_if_10920() throws Exception {
        String ok = body("supplyPointId", X.value(), "contractAmperes", "40");
        JsonNode a = created("/switching/IF_10910", A, "amp-1", ok);
        String id = a.path("id").asText();
        assertThat(a.path("date").asText()).isEqualTo(D.toString()); // the next reading day
        assertThat(a.path("details").path("contractAmperes").asText()).isEqualTo("40");
        assertThat(a.path("details").path("previousAmperes").asText()).isEqualTo("30");
        refused(http.post("/switching/IF_10910", A, "amp-2", body("supplyPointId", X.value(), "contractAmperes", "35")), 400, "contractAmperes");
        refused(http.post("/switching/IF_10910", A, "amp-3", body("supplyPointId", X.value(), "contractAmperes", "30")), 400, "contractAmperes");
        refused(http.post("/switching/IF_10910", A, "amp-4", body("supplyPointId", X.value())), 400, "contractAmperes");
        refused(http.post("/switching/IF_10910", A, "amp-5", body("supplyPointId", X.value(), "contractAmperes", "40",
                "date", D.plusDays(1).toString())), 400, "date");
        refused(http.post("/switching/IF_10910", B, "amp-6", ok), 403, "supplyPointId");
        JsonNode off = created("/switching/IF_10910", A, "amp-7", "{\"supplyPointId\":\"" + Y + "\",\"contractAmperes\":60,\"date\":\""
                + D.plusDays(1) + "\",\"customerRequestedDate\":true}");
        assertThat(off.path("details").path("offCycle").asText()).isEqualTo("true");
        assertThat(off.path("details").has("previousAmperes")).isFalse();
        idempotent("/switching/IF_10910", A, "amp-1", ok, body("supplyPointId", X.value(), "contractAmperes", "50"), id);
        assertThat(inquiry("IF_10920", A, id).path("status").asInt()).isEqualTo(1);
        refused(http.get("/switching/IF_10920?id=" + id, C), 403, "id");
        // its date can be changed like a reconnection's: the old one becomes 4, the new one keeps the amperes
        JsonNode changed = created("/switching/change", A, "amp-c", "{\"id\":\"" + id + "\",\"date\":\"" + D_NEXT + "\"}");
        assertThat(changed.path("details").path("contractAmperes").asText()).isEqualTo("40");
        assertThat(changed.path("date").asText()).isEqualTo(D_NEXT.toString());
        assertThat(inquiry("IF_10920", A, id).path("status").asInt()).isEqualTo(4);
    }

    @Test
    void if_10110_answers_the_master_data_only_to_the_supplier_a_pending_switch_or_the_consent() throws Exception {
        String x = body("supplyPointId", X.value());
        JsonNode f = created("/switching/IF_10110", A, "f-1", x).path("details");
        assertThat(f.path("access").asText()).isEqualTo("supplier");
        assertThat(f.path("meterId").asText()).isEqualTo("4100000001");
        assertThat(f.path("meterType").asText()).isEqualTo("smart");
        assertThat(f.path("communicationPath").asText()).isEqualTo("wisun");
        assertThat(f.path("contractAmperes").asText()).isEqualTo("30");
        assertThat(f.path("readingGroup").asText()).isEqualTo("1");
        assertThat(f.has("supplyStart")).isFalse(); // the initial supplier's start is not in the master data
        // another retailer: 403, with a wrong password too; with a pending switch or the customer's password: OK
        refused(http.post("/switching/IF_10110", B, "f-2", x), 403, "supplyPointId");
        refused(http.post("/switching/IF_10110", C, "f-3", body("supplyPointId", X.value(), "consentPassword", "wrong-pw")), 403, "consentPassword");
        server.service().registerConsent(TSO, X, "customer-pw", null);
        assertThat(created("/switching/IF_10110", C, "f-4", body("supplyPointId", X.value(), "consentPassword", "customer-pw"))
                .path("details").path("access").asText()).isEqualTo("consent");
        String start = created("/switching/IF_10610", B, "s-1", Fixture.startBody(X, D)).path("id").asText();
        assertThat(created("/switching/IF_10110", B, "f-5", x).path("details").path("access").asText()).isEqualTo("pendingSwitch");
        // B switches in on D: from then on B is the supplier, since D; A no longer sees X
        created("/switching/IF_10710", A, "t-1", Fixture.startBody(X, D));
        clock.set(Instant.parse("2026-11-22T01:20:00Z"));
        assertThat(server.tick()).isTrue();
        assertThat(inquiry("IF_10620", B, start).path("status").asInt()).isEqualTo(2);
        clock.set(Instant.parse("2026-12-01T03:00:00Z"));
        JsonNode after = created("/switching/IF_10110", B, "f-6", x).path("details");
        assertThat(after.path("access").asText()).isEqualTo("supplier");
        assertThat(after.path("supplyStart").asText()).isEqualTo(D.toString());
        refused(http.post("/switching/IF_10110", A, "f-7", x), 403, "supplyPointId");
    }

    /** Every application of {@code op} through IF_11110 pages of {@code limit}, as "id:status" in change order. */
    private List<String> bulk(OperatorCode op, long since, int limit) throws Exception {
        List<String> out = new ArrayList<>();
        String cursor = Long.toString(since);
        while (true) {
            HttpResponse<String> r = http.get("/switching/IF_11110?since=" + cursor + "&limit=" + limit, op);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json(r);
            assertThat(page.path("applications").size()).isLessThanOrEqualTo(limit);
            for (JsonNode a : page.path("applications")) {
                assertThat(a.path("applicant").asText()).isEqualTo(op.value());
                out.add(a.path("id").asText() + ":" + a.path("status").asInt());
            }
            cursor = page.path("next").asText();
            if (!page.path("more").asBoolean()) {
                return out;
            }
        }
    }

    @Test
    void if_11110_pages_through_the_callers_changes_in_change_order_across_restarts() throws Exception {
        String s1 = created("/switching/IF_10610", B, "s-1", Fixture.startBody(X, D)).path("id").asText();
        String p1 = created("/switching/IF_10210", B, "p-1", body("supplyPointId", Y.value(), "customerName", "n", "address", "a")).path("id").asText();
        String a1 = created("/switching/IF_10810", A, "l-1", body("supplyPointId", X.value(), "phone", "0312345678")).path("id").asText();
        String s2 = created("/switching/IF_10610", B, "s-2", Fixture.startBody(Y, D)).path("id").asText();
        assertThat(bulk(B, 0, 2)).containsExactly(s1 + ":1", p1 + ":1", s2 + ":1");
        assertThat(bulk(A, 0, 100)).containsExactly(a1 + ":1");
        HttpResponse<String> r = http.get("/switching/IF_11110", B);
        JsonNode all = json(r);
        String cursor = all.path("next").asText();
        assertThat(all.path("applications").get(2).path("change").asText()).isEqualTo(cursor);
        // s1 cancelled, p1 issued: both come again after the cursor, in that order; s2 did not change
        http.post("/switching/cancel", B, null, "{\"id\":\"" + s1 + "\"}");
        server.service().registerConsent(TSO, Y, "customer-pw", null);
        assertThat(bulk(B, Long.parseLong(cursor), 1)).containsExactly(s1 + ":5", p1 + ":2");
        List<String> before = bulk(B, 0, 3);
        assertThat(before).containsExactly(s2 + ":1", s1 + ":5", p1 + ":2");
        restart();
        assertThat(bulk(B, 0, 3)).isEqualTo(before);
        assertThat(bulk(B, Long.parseLong(cursor), 10)).containsExactly(s1 + ":5", p1 + ":2");
        refused(http.get("/switching/IF_11110?limit=0", B), 400, "limit");
        refused(http.get("/switching/IF_11110?since=-1", B), 400, "since");
        refused(http.post("/switching/IF_11110", B, "k", "{}"), 405, "method");
    }

    @Test
    void every_new_application_and_status_survives_a_restart() throws Exception {
        created("/switching/IF_10110", A, "f", body("supplyPointId", X.value()));
        created("/switching/IF_10210", B, "p", body("supplyPointId", X.value(), "customerName", "n", "address", "a"));
        created("/switching/IF_10410", A, "rc", body("supplyPointId", X.value(), "date", D.toString()));
        String dc = created("/switching/IF_10510", A, "dc", body("supplyPointId", Y.value(), "date", D.toString())).path("id").asText();
        created("/switching/IF_10810", A, "l", body("supplyPointId", X.value(), "customerNameKana", "ヤマダタロウ"));
        String amp = created("/switching/IF_10910", A, "amp", body("supplyPointId", X.value(), "contractAmperes", "50")).path("id").asText();
        http.post("/switching/cancel", A, null, "{\"id\":\"" + dc + "\"}");
        created("/switching/change", A, "amp-c", "{\"id\":\"" + amp + "\",\"date\":\"" + D_NEXT + "\"}");
        server.service().registerConsent(TSO, X, "customer-pw", null);
        String dump = server.service().dump();
        List<String> a = bulk(A, 0, 100);
        List<String> b = bulk(B, 0, 100);
        restart();
        assertThat(server.service().dump()).isEqualTo(dump);
        assertThat(bulk(A, 0, 100)).isEqualTo(a).hasSize(6);
        assertThat(bulk(B, 0, 100)).isEqualTo(b).hasSize(1);
        String[][] inquiries = {{"IF_10220", "B0002", "A000000002", "2"}, {"IF_10420", "A0001", "A000000003", "1"},
                {"IF_10520", "A0001", "A000000004", "5"}, {"IF_10820", "A0001", "A000000005", "1"},
                {"IF_10920", "A0001", "A000000006", "4"}, {"IF_10920", "A0001", "A000000007", "1"}};
        for (String[] q : inquiries) {
            assertThat(inquiry(q[0], OperatorCode.of(q[1]), q[2]).path("status").asText()).as(q[0] + " " + q[2]).isEqualTo(q[3]);
        }
        // keys survive: a repeat answers the original, a different request with a used key is still 409
        idempotent("/switching/IF_10810", A, "l", body("supplyPointId", X.value(), "customerNameKana", "ヤマダタロウ"),
                body("supplyPointId", X.value(), "customerNameKana", "ヤマダハナコ"), "A000000005");
        assertThat(created("/switching/IF_10910", A, "amp-2", body("supplyPointId", Y.value(), "contractAmperes", "20"))
                .path("id").asText()).isEqualTo("A000000008");
    }
}
