package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Switching calls go through the front to the switching service with their body, as the certificate's operator. */
class SwitchingForwardTest {
    @TempDir
    Path dir;

    private Fixture pki;
    private HttpServer switching;
    private FrontServer front;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pki = new Fixture(dir.resolve("pki"), "R0013", "R0042");
        switching = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        switching.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " operator=" + exchange.getRequestHeaders().getFirst("X-Ami-Operator")
                    + " key=" + exchange.getRequestHeaders().getFirst("Idempotency-Key") + " type=" + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " body=" + new String(body, StandardCharsets.UTF_8));
            byte[] answer = "{\"id\":\"A000000001\",\"status\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        switching.start();
        front = new FrontServer(pki.configBuilder(1).switchingHost("127.0.0.1").switchingPort(switching.getAddress().getPort()).build());
        front.start();
    }

    @AfterEach
    void stop() {
        front.close();
        switching.stop(0);
    }

    private HttpClient client(String operator) throws Exception {
        return HttpClient.newBuilder().sslContext(pki.context(pki.client(operator))).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void a_post_reaches_the_switching_service_with_body_key_and_the_certificates_operator() throws Exception {
        String json = "{\"supplyPointId\":\"0300000000000000000001\",\"switchDate\":\"2026-12-01\"}";
        HttpResponse<String> r = client("R0042").send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + front.port() + "/switching/IF_10610"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "start-1").header("X-Ami-Operator", "R0013")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).contains("A000000001");
        assertThat(seen).containsExactly("POST /switching/IF_10610 operator=R0042 key=start-1 type=application/json body=" + json);
    }

    @Test
    void an_inquiry_is_forwarded_with_its_validated_id_and_a_bad_one_is_refused() throws Exception {
        HttpClient c = client("R0013");
        HttpResponse<String> ok = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + front.port() + "/switching/IF_10620?id=A000000001"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(201);
        HttpResponse<String> bad = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + front.port() + "/switching/IF_10620?id=../../x"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(seen).containsExactly("GET /switching/IF_10620?id=A000000001 operator=R0013 key=null type=null body=");
    }

    @Test
    void a_body_over_the_limit_is_refused_and_never_forwarded() throws Exception {
        String big = "{\"x\":\"" + "a".repeat(RequestRouter.MAX_BODY_BYTES) + "\"}";
        HttpResponse<String> r = client("R0013").send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + front.port() + "/switching/IS_20110"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "big")
                .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(seen).isEmpty();
    }
}
