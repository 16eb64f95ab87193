package jp.ami.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import jp.ami.model.SupplyPointId;

/**
 * A supplier switch as retailers do it, through the DMZ front over mutual TLS: the new retailer registers a
 * 廃止取次 request (IS_20110) for a point the current retailer supplies, the current retailer lists the requests
 * addressed to it (IS_20310) and answers OK (IS_20410) — the platform then files the stop on its behalf — and
 * the new retailer files the switching start (IF_10610). The matching batch pairs them on the platform clock.
 */
final class SwitchingScenario {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final SSLContext currentRetailerTls;
    private final SSLContext newRetailerTls;
    private String startId;
    private String brokeringId;
    private String stopId;

    SwitchingScenario(URI base, SSLContext currentRetailerTls, SSLContext newRetailerTls) {
        this.base = base;
        this.currentRetailerTls = currentRetailerTls;
        this.newRetailerTls = newRetailerTls;
    }

    /**
     * Files everything for {@code switchDate} — the point's reading day, or with {@code customerRequested} any day
     * (off-cycle); returns the application IDs (brokering request, stop filed by the platform, start).
     */
    Map<String, String> file(SupplyPointId point, LocalDate switchDate, boolean customerRequested) throws IOException, InterruptedException {
        JsonNode request = send(newRetailerTls, "POST", "/switching/IS_20110", "demo-brokering-" + point.value(),
                Map.of("supplyPointId", point.value(), "switchDate", switchDate.toString(), "contractNumber", "K-" + point.value().substring(12),
                        "contractName", "デモ 太郎", "address", "東京都千代田区1-1-1"), 201);
        brokeringId = request.get("id").asText();
        JsonNode addressed = send(currentRetailerTls, "GET", "/switching/IS_20310?status=1", null, null, 200);
        boolean listed = false;
        for (JsonNode a : addressed.get("applications")) {
            listed |= a.get("id").asText().equals(brokeringId);
        }
        if (!listed) {
            throw new IllegalStateException("IS_20310 did not list " + brokeringId + " for the current retailer");
        }
        JsonNode answered = send(currentRetailerTls, "POST", "/switching/IS_20410", null,
                Map.of("id", brokeringId, "answer", "OK"), 200);
        stopId = answered.path("details").path("stopId").asText(null);
        Map<String, Object> startBody = new LinkedHashMap<>();
        startBody.put("supplyPointId", point.value());
        startBody.put("switchDate", switchDate.toString());
        if (customerRequested) {
            startBody.put("customerRequestedDate", true);
        }
        JsonNode start = send(newRetailerTls, "POST", "/switching/IF_10610", "demo-start-" + point.value(), startBody, 201);
        startId = start.get("id").asText();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("brokering", brokeringId);
        ids.put("stop", stopId);
        ids.put("start", startId);
        return ids;
    }

    /** Status code (1 processing, 2 OK, 3 NG …) of the start, as the new retailer sees it (IF_10620). */
    int startStatus() throws IOException, InterruptedException {
        return send(newRetailerTls, "GET", "/switching/IF_10620?id=" + startId, null, null, 200).get("status").asInt();
    }

    /** Status of the stop the platform filed for the current retailer (IF_10720). */
    int stopStatus() throws IOException, InterruptedException {
        return send(currentRetailerTls, "GET", "/switching/IF_10720?id=" + stopId, null, null, 200).get("status").asInt();
    }

    /** The current retailer trying to read the new retailer's start: must be refused (403). */
    int foreignReadStatus() throws IOException, InterruptedException {
        HttpResponse<String> r = http(currentRetailerTls).send(HttpRequest.newBuilder(base.resolve("/switching/IF_10620?id=" + startId))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    /**
     * A malformed create through the front: must be 400 with the error naming the field the parser was in.
     * Returns the answer's {@code error.field}, or null when the status was not 400.
     */
    String malformedJsonField() throws IOException, InterruptedException {
        HttpResponse<String> r = http(newRetailerTls).send(HttpRequest.newBuilder(base.resolve("/switching/IF_10610"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("Idempotency-Key", "demo-malformed")
                .POST(HttpRequest.BodyPublishers.ofString("{\"supplyPointId\":\"0300000000000000000001\",\"switchDate\":2026-12-01}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 400 ? JSON.readTree(r.body()).path("error").path("field").asText(null) : null;
    }

    /** IF_10310 filed by {@code tls}'s retailer with the customer's consent password; returns the application. */
    JsonNode fileUsageInfo(SSLContext tls, SupplyPointId point, String consentPassword) throws IOException, InterruptedException {
        return send(tls, "POST", "/switching/IF_10310", "demo-usage-" + point.value() + "-" + consentPassword,
                Map.of("supplyPointId", point.value(), "consentPassword", consentPassword), 201);
    }

    /** The usage values of an approved IF_10310 through the front. */
    JsonNode usage(SSLContext tls, String id) throws IOException, InterruptedException {
        return send(tls, "GET", "/switching/usage?id=" + id, null, null, 200);
    }

    private JsonNode send(SSLContext tls, String method, String path, String idempotencyKey, Map<String, ?> body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http(tls).send(SwitchingRequest.of(base, method, path, idempotencyKey, body),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static HttpClient http(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
