package jp.ami.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jp.ami.certs.Pki;
import jp.ami.front.FrontConfig;
import jp.ami.front.FrontServer;
import jp.ami.model.ManualClock;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import jp.ami.model.calendar.ReadingCalendar;
import jp.ami.service.testing.Closeables;
import jp.ami.switching.SupplyPointDetails;
import jp.ami.switching.SwitchingConfig;
import jp.ami.switching.SwitchingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002's 17 low-voltage interfaces through a real {@link FrontServer} (mutual TLS, the retailers' certificates
 * from the real cert-tools) to a real {@link SwitchingServer}; then both restart on the same journal and every
 * application, status and IF_11110 page is the same.
 */
class LowVoltageThroughFrontTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final SupplyPointId X = SupplyPointId.of("0310111001234567890000");
    private static final SupplyPointId Y = SupplyPointId.of("0310111001234567890100");
    private static final Instant START = Instant.parse("2026-11-22T01:05:00Z");
    private static final ReadingCalendar CAL = ReadingCalendar.standard();
    /** X's next reading day after 2026-11-22: 2026-12-01. */
    private static final LocalDate D = CAL.nextReadingDay(CAL.groupOf(X), LocalDate.of(2026, 11, 22));

    @TempDir
    Path dir;
    private Pki pki;
    private final ManualClock clock = new ManualClock(START);
    private SwitchingServer switching;
    private FrontServer front;
    private int frontPort;
    private final Map<String, HttpClient> clients = new HashMap<>();

    private void start() throws Exception {
        SupplyRegistry registry = new SupplyRegistry();
        registry.register(X, OperatorCode.of("A0001"));
        registry.register(Y, OperatorCode.of("A0001"));
        SupplyPointDetails details = SupplyPointDetails.defaults();
        details.contractAmperes(0, 30);
        switching = new SwitchingServer(SwitchingConfig.defaults(dir.resolve("var")).withPort(0).withPollInterval(Duration.ZERO),
                registry, details, clock);
        front = new FrontServer(FrontConfig.builder(pki.serverCertificate(), pki.serverPrivateKey(), pki.caCertificate())
                .host("127.0.0.1").port(0).backendHost("127.0.0.1").backendPort(1)
                .switchingHost("127.0.0.1").switchingPort(switching.port())
                .crlFile(pki.crl()).suspensionFile(pki.suspended()).build());
        frontPort = front.start();
    }

    private void restart() throws Exception {
        front.close();
        switching.close();
        start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(front, switching);
    }

    private HttpClient client(String operator) throws Exception {
        HttpClient c = clients.get(operator);
        if (c == null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(pki.clientPkcs12(operator))) {
                ks.load(in, "pw".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "pw".toCharArray());
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            try (InputStream in = Files.newInputStream(pki.caCertificate())) {
                ts.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            c = HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            clients.put(operator, c);
        }
        return c;
    }

    private HttpResponse<String> post(String operator, String code, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + frontPort + "/switching/" + code))
                .header("Content-Type", "application/json").header("X-Ami-Operator", "C0003") // stripped by the front
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return client(operator).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String operator, String pathAndQuery) throws Exception {
        return client(operator).send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + frontPort + "/switching/" + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode created(String operator, String code, String key, String body) throws Exception {
        HttpResponse<String> r = post(operator, code, key, body);
        assertThat(r.statusCode()).as(code + " " + r.body()).isEqualTo(201);
        JsonNode a = M.readTree(r.body());
        assertThat(a.path("applicant").asText()).isEqualTo(operator);
        return a;
    }

    private int status(String operator, String inquiry, String id) throws Exception {
        HttpResponse<String> r = get(operator, inquiry + "?id=" + id);
        assertThat(r.statusCode()).as(inquiry + " " + r.body()).isEqualTo(200);
        return M.readTree(r.body()).path("status").asInt();
    }

    private List<String> bulk(String operator) throws Exception {
        List<String> out = new ArrayList<>();
        String cursor = "0";
        boolean more = true;
        while (more) {
            HttpResponse<String> r = get(operator, "IF_11110?since=" + cursor + "&limit=2");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = M.readTree(r.body());
            page.path("applications").forEach(a -> out.add(a.path("id").asText() + " " + a.path("interface").asText() + " " + a.path("status").asInt()));
            cursor = page.path("next").asText();
            more = page.path("more").asBoolean();
        }
        return out;
    }

    @Test
    void all_seventeen_low_voltage_interfaces_through_the_front_and_after_a_restart() throws Exception {
        pki = Pki.ensure(dir.resolve("pki"), List.of("A0001", "B0002", "C0003"), "pw");
        start();
        String x = "\"supplyPointId\":\"" + X + "\"";
        String y = "\"supplyPointId\":\"" + Y + "\"";
        // IF_10110: the supplier A sees X (its contract amperes); B, not serving X, is refused
        assertThat(created("A0001", "IF_10110", "f1", "{" + x + "}").path("details").path("contractAmperes").asText()).isEqualTo("30");
        assertThat(post("B0002", "IF_10110", "f1", "{" + x + "}").statusCode()).isEqualTo(403);
        // IF_10210 / IF_10220: B asks for the customer's password; OK once the TSO issued it
        String pw = created("B0002", "IF_10210", "p1", "{" + x + ",\"customerName\":\"山田太郎\",\"address\":\"東京都千代田区1-1\"}").path("id").asText();
        assertThat(status("B0002", "IF_10220", pw)).isEqualTo(1);
        assertThat(get("C0003", "IF_10220?id=" + pw).statusCode()).isEqualTo(403);
        switching.service().registerConsent(OperatorCode.of("03T01"), X, "customer-pw", null);
        assertThat(status("B0002", "IF_10220", pw)).isEqualTo(2);
        // IF_10310: usage information with the password
        assertThat(created("B0002", "IF_10310", "u1", "{" + x + ",\"consentPassword\":\"customer-pw\"}").path("status").asInt()).isEqualTo(2);
        // IF_10410 / IF_10420, IF_10510 / IF_10520: A, the supplier
        String rc = created("A0001", "IF_10410", "rc1", "{" + x + ",\"date\":\"" + D + "\"}").path("id").asText();
        assertThat(status("A0001", "IF_10420", rc)).isEqualTo(1);
        String dc = created("A0001", "IF_10510", "dc1", "{" + y + ",\"date\":\"" + D + "\"}").path("id").asText();
        assertThat(status("A0001", "IF_10520", dc)).isEqualTo(1);
        // IF_10610 / IF_10620, IF_10710 / IF_10720: B takes X from A on D
        String st = created("B0002", "IF_10610", "s1", "{" + x + ",\"switchDate\":\"" + D + "\"}").path("id").asText();
        String sp = created("A0001", "IF_10710", "t1", "{" + x + ",\"switchDate\":\"" + D + "\"}").path("id").asText();
        // IF_10810 / IF_10820, IF_10910 / IF_10920: A changes Y's customer data and amperes
        String loc = created("A0001", "IF_10810", "l1", "{" + y + ",\"phone\":\"03-1234-5678\"}").path("id").asText();
        assertThat(status("A0001", "IF_10820", loc)).isEqualTo(1);
        String amp = created("A0001", "IF_10910", "a1", "{" + y + ",\"contractAmperes\":\"40\"}").path("id").asText();
        assertThat(status("A0001", "IF_10920", amp)).isEqualTo(1);
        assertThat(get("B0002", "IF_10920?id=" + amp).statusCode()).isEqualTo(403);
        // validation errors name the field through the front; a reused key for another request is 409
        HttpResponse<String> bad = post("A0001", "IF_10910", "a2", "{" + y + ",\"contractAmperes\":\"35\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(M.readTree(bad.body()).path("error").path("field").asText()).isEqualTo("contractAmperes");
        assertThat(post("A0001", "IF_10910", "a1", "{" + y + ",\"contractAmperes\":\"50\"}").statusCode()).isEqualTo(409);
        assertThat(post("A0001", "IF_10910", "a1", "{" + y + ",\"contractAmperes\":\"40\"}").statusCode()).isEqualTo(200);
        // the matching batch pairs the switch
        clock.set(Instant.parse("2026-11-22T01:20:00Z"));
        assertThat(switching.tick()).isTrue();
        assertThat(status("B0002", "IF_10620", st)).isEqualTo(2);
        assertThat(status("A0001", "IF_10720", sp)).isEqualTo(2);
        // IF_11110: each retailer pages through its own applications only
        List<String> a = bulk("A0001");
        List<String> b = bulk("B0002");
        assertThat(a).hasSize(6).allMatch(s -> !s.contains(pw) && !s.contains(st));
        assertThat(b).containsExactly(pw + " IF_10210 2", "A000000003 IF_10310 2", st + " IF_10610 2");
        String dump = switching.service().dump();

        restart();
        assertThat(switching.service().dump()).isEqualTo(dump);
        assertThat(bulk("A0001")).isEqualTo(a);
        assertThat(bulk("B0002")).isEqualTo(b);
        assertThat(status("B0002", "IF_10220", pw)).isEqualTo(2);
        assertThat(status("A0001", "IF_10420", rc)).isEqualTo(1);
        assertThat(status("A0001", "IF_10520", dc)).isEqualTo(1);
        assertThat(status("B0002", "IF_10620", st)).isEqualTo(2);
        assertThat(status("A0001", "IF_10720", sp)).isEqualTo(2);
        assertThat(status("A0001", "IF_10820", loc)).isEqualTo(1);
        assertThat(status("A0001", "IF_10920", amp)).isEqualTo(1);
        assertThat(post("A0001", "IF_10910", "a1", "{" + y + ",\"contractAmperes\":\"40\"}").statusCode()).isEqualTo(200);
        // B has a matched start for X on D: it now sees X's facility information
        assertThat(created("B0002", "IF_10110", "f2", "{" + x + "}").path("details").path("access").asText()).isEqualTo("pendingSwitch");
    }
}
