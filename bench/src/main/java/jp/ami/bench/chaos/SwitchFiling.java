package jp.ami.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import jp.ami.app.SwitchingRequest;

/**
 * The supplier switch of a chaos run, filed by two retailers through the DMZ front as a careful client does it
 * while services may be down: 廃止取次 (IS_20110) by the new retailer, the current retailer's OK (IS_20410), the
 * switching start (IF_10610). Every request is sent again until it is answered — a refused connection (the front
 * is down) or a 502/503/504 (the switching service behind it is down) is retried with the same Idempotency-Key, so
 * a create that landed before its answer was lost is not filed twice; the answer is idempotent by itself. Then
 * {@link #count} reads back what each retailer has, to find applications lost or doubled.
 */
final class SwitchFiling {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GIVE_UP = Duration.ofMinutes(3);

    private final RetryPolicy<HttpResponse<String>> untilAnswered = RetryPolicy.<HttpResponse<String>>builder()
            .handleIf((r, e) -> e instanceof IOException || r != null && (r.statusCode() == 502 || r.statusCode() == 503 || r.statusCode() == 504))
            .withDelay(Duration.ofMillis(200))
            .withMaxDuration(GIVE_UP)
            .withMaxRetries(-1)
            .onRetry(e -> this.retries++)
            .build();

    private final URI base;
    private final SSLContext currentTls;
    private final SSLContext newTls;
    private volatile int retries;

    SwitchFiling(URI base, SSLContext currentTls, SSLContext newTls) {
        this.base = base;
        this.currentTls = currentTls;
        this.newTls = newTls;
    }

    /** Files the switch of {@code point} on {@code date}; the application IDs by kind. */
    Map<String, String> file(String point, LocalDate date, boolean offCycle, String keyPrefix) throws IOException, InterruptedException {
        Map<String, Object> brokering = new LinkedHashMap<>();
        brokering.put("supplyPointId", point);
        brokering.put("switchDate", date.toString());
        brokering.put("contractNumber", "K-" + point.substring(12));
        brokering.put("contractName", "カオス 太郎");
        brokering.put("address", "東京都千代田区1-1-1");
        if (offCycle) {
            brokering.put("customerRequestedDate", true);
        }
        String brokeringId = send(newTls, "POST", "/switching/IS_20110", keyPrefix + "-brokering", brokering).get("id").asText();
        send(currentTls, "POST", "/switching/IS_20410", null, Map.of("id", brokeringId, "answer", "OK"));
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("supplyPointId", point);
        start.put("switchDate", date.toString());
        if (offCycle) {
            start.put("customerRequestedDate", true);
        }
        String startId = send(newTls, "POST", "/switching/IF_10610", keyPrefix + "-start", start).get("id").asText();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("brokering", brokeringId);
        ids.put("start", startId);
        return ids;
    }

    /**
     * How many applications of each interface both retailers hold for {@code point}, keyed
     * {@code <retailer>/<interface>/<status name>} (e.g. {@code R0001/IF_10710/…}).
     */
    Map<String, Integer> count(String point, String currentRetailer, String newRetailer) throws IOException, InterruptedException {
        Map<String, Integer> counts = new TreeMap<>();
        for (var who : Map.of(currentRetailer, currentTls, newRetailer, newTls).entrySet()) {
            for (JsonNode a : send(who.getValue(), "GET", "/switching/applications", null, null).path("applications")) {
                if (point.equals(a.path("supplyPointId").asText())) {
                    counts.merge(who.getKey() + "/" + a.path("interface").asText() + "/" + a.path("statusName").asText(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** Requests sent again because the front or the switching service was down. */
    int retries() {
        return retries;
    }

    private JsonNode send(SSLContext tls, String method, String path, String idempotencyKey, Map<String, ?> body)
            throws IOException, InterruptedException {
        HttpRequest request = SwitchingRequest.of(base, method, path, idempotencyKey, body);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r;
        try {
            r = Failsafe.with(untilAnswered)
                    .get(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (FailsafeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
