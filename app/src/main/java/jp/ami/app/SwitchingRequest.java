package jp.ami.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/**
 * A request to the switching API as a retailer sends it through the front: a JSON body on POST, the
 * {@code Idempotency-Key} on creates (null for reads and answers), a 30-second timeout.
 */
public final class SwitchingRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SwitchingRequest() {
    }

    public static HttpRequest of(URI base, String method, String path, String idempotencyKey, Map<String, ?> body)
            throws JsonProcessingException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if ("POST".equals(method)) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.GET();
        }
        return b.build();
    }
}
