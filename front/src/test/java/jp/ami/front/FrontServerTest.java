package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import jp.ami.certs.CertificateAuthority;
import jp.ami.certs.IssuedCertificate;
import jp.ami.certs.Pem;
import jp.ami.model.ManualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.extension.ExtendWith(NamedResults.class)
class FrontServerTest extends FrontAndBackendTest {
    static final String FILE = "W41110202611220100000001.zip";

    @TempDir
    static Path dir;
    static CertificateAuthority ca;
    static IssuedCertificate retailer;
    static FrontConfig baseConfig;

    @BeforeAll
    static void mintCertificates() throws Exception {
        ca = CertificateAuthority.create("Front Test CA");
        IssuedCertificate server = ca.issueServer("localhost", List.of("localhost"), List.of("127.0.0.1"));
        retailer = ca.issueClient("R0013", "Retailer Thirteen");
        server.writePem(dir.resolve("server.crt.pem"), dir.resolve("server.key.pem"));
        Pem.writeCertificates(dir.resolve("ca.crt.pem"), List.of(ca.certificate()));
        baseConfig = FrontConfig.builder(dir.resolve("server.crt.pem"), dir.resolve("server.key.pem"),
                dir.resolve("ca.crt.pem")).host("127.0.0.1").port(0).build();
    }

    private void startFront(FrontConfig config) throws IOException {
        startFront(new FrontServer(config));
    }

    private void startFront() throws IOException {
        startFront(baseConfig.toBuilder().backendHost("127.0.0.1").backendPort(backend.port()).build());
    }

    private HttpClient client(IssuedCertificate cert) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TlsClients.context(ca.certificate(), cert))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends {@code request} with the retailer's certificate; the body as text. */
    private HttpResponse<String> asRetailer(HttpRequest.Builder request) throws Exception {
        return client(retailer).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
    }

    @Test
    void mutualTlsPullReachesBackendWithOperatorFromCertificate() throws Exception {
        startFront();
        HttpResponse<String> list = asRetailer(get("/30min/FileListReceiver").header("Accept", "application/json"));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).isEqualTo("{\"operator\":\"R0013\",\"files\":[]}");
        assertThat(list.headers().firstValue("Content-Type")).contains("application/json");
        TestBackend.Seen seen = backend.seen.poll(5, TimeUnit.SECONDS);
        assertThat(seen.operator()).containsExactly("R0013");
        assertThat(seen.uri()).isEqualTo("/30min/FileListReceiver");
        assertThat(seen.accept()).isEqualTo("application/json");

        HttpResponse<byte[]> file = client(retailer).send(get("/30min/FileReceiver?file=" + FILE).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(backend.file);
        assertThat(backend.seen.poll(5, TimeUnit.SECONDS).uri()).isEqualTo("/30min/FileReceiver?file=" + FILE);
        assertThat(front.rejections().values()).allMatch(n -> n == 0);
    }

    @Test
    void keepAliveConnectionServesSeveralRequests() throws Exception {
        startFront();
        HttpClient c = client(retailer);
        for (int i = 0; i < 3; i++) {
            assertThat(c.send(get("/30min/FileListReceiver").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        }
        assertThat(backend.seen).hasSize(3);
    }

    @Test
    void spoofedOperatorHeaderIsReplaced() throws Exception {
        startFront();
        HttpResponse<String> r = asRetailer(get("/30min/FileListReceiver").header("X-Ami-Operator", "R9999"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(backend.seen.poll(5, TimeUnit.SECONDS).operator()).containsExactly("R0013");
    }

    /** A GET with {@code cert} (null: none) fails in the handshake and is counted under {@code reason}. */
    private void assertRefusedAtHandshake(IssuedCertificate cert, Rejection reason) {
        assertThatThrownBy(() -> client(cert).send(get("/30min/FileListReceiver").build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        // at least once: the JDK client retries a failed GET once
        Fixture.eventually().untilAsserted(() -> assertThat(front.rejections().get(reason))
                .as("rejections %s", front.rejections()).isPositive());
    }

    @Test
    void clientWithoutCertificateIsRejected() throws Exception {
        startFront();
        assertRefusedAtHandshake(null, Rejection.NO_CERTIFICATE);
        assertThat(backend.seen).isEmpty();
    }

    @Test
    void certificateFromAnotherCaIsRejected() throws Exception {
        startFront();
        assertRefusedAtHandshake(CertificateAuthority.create("Other CA").issueClient("R0013", "Impostor"),
                Rejection.UNTRUSTED_CERTIFICATE);
        assertThat(backend.seen).isEmpty();
    }

    @Test
    void expiredCertificateIsRejected() throws Exception {
        // the front's clock stands a minute after the test's certificates were issued, whatever the date
        Instant now = retailer.certificate().getNotBefore().toInstant().plus(Duration.ofMinutes(2));
        startFront(new FrontServer(baseConfig.toBuilder().backendHost("127.0.0.1").backendPort(backend.port()).build(),
                AccessPolicy.ALLOW_ALL, new ManualClock(now)));
        assertRefusedAtHandshake(ca.newCertificate().operator("R0013", "Retailer")
                .validFrom(now.minus(Duration.ofDays(800))).validUntil(now.minus(Duration.ofDays(1))).issue(),
                Rejection.CERTIFICATE_EXPIRED);
        assertThat(backend.seen).isEmpty();
    }

    @Test
    void theFrontsClockDecidesWhetherACertificateHasExpired() throws Exception {
        // valid on the system clock (the TLS stack's path validation passes), but the front's clock is past notAfter
        Instant notAfter = retailer.certificate().getNotAfter().toInstant();
        ManualClock clock = new ManualClock(notAfter.plusSeconds(1));
        try (AuditCapture audit = new AuditCapture()) {
            startFront(new FrontServer(baseConfig.toBuilder().backendHost("127.0.0.1").backendPort(backend.port()).build(),
                    AccessPolicy.ALLOW_ALL, clock));
            assertRefusedAtHandshake(retailer, Rejection.CERTIFICATE_EXPIRED);
            assertThat(audit.lines).contains("time=" + clock.instant()
                    + " event=connection-rejected remote=127.0.0.1 operator=- serial=- reason=CERTIFICATE_EXPIRED");

            clock.set(notAfter.minusSeconds(1)); // the same certificate, a second before it expires
            assertThat(asRetailer(get("/30min/FileListReceiver")).statusCode()).isEqualTo(200);
            Fixture.eventually().untilAsserted(() -> assertThat(audit.lines)
                    .anyMatch(l -> l.startsWith("time=" + clock.instant() + " operator=R0013") && l.contains(" status=200 ")));
        }
        assertThat(backend.seen).hasSize(1);
    }

    @Test
    void certificateWithoutOperatorCodeIsRejected() throws Exception {
        startFront();
        assertRefusedAtHandshake(ca.newCertificate().subjectCommonName("not an operator").clientAuth().issue(),
                Rejection.NO_OPERATOR);
        assertThat(backend.seen).isEmpty();
    }

    @Test
    void accessPolicyCanRefuseAnOperator() throws Exception {
        startFront(new FrontServer(baseConfig.toBuilder().backendHost("127.0.0.1").backendPort(backend.port()).build(),
                (operator, cert) -> !operator.equals("R0013")));
        assertRefusedAtHandshake(retailer, Rejection.ACCESS_DENIED);
    }

    @Test
    void badPathsMethodsAndQueriesAreRefusedWithoutDetails() throws Exception {
        startFront();
        assertThat(raw("GET /30min/../30min/FileListReceiver HTTP/1.1")).startsWith("HTTP/1.1 404");
        assertThat(raw("GET /admin HTTP/1.1")).startsWith("HTTP/1.1 404");
        assertThat(raw("GET /30min/FileReceiver?file=../../etc/passwd HTTP/1.1")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /30min/FileReceiver?file=..%2F" + FILE + " HTTP/1.1")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /30min/FileReceiver?file=" + FILE + "&file=" + FILE + " HTTP/1.1")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /30min/FileReceiver HTTP/1.1")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /30min/FileListReceiver?x=1 HTTP/1.1")).startsWith("HTTP/1.1 400");
        String post = raw("POST /30min/FileListReceiver HTTP/1.1");
        assertThat(post).startsWith("HTTP/1.1 405").contains("allow: GET");
        assertThat(post).endsWith("\r\n\r\n405 Method Not Allowed\n");
        assertThat(raw("GET /" + "x".repeat(5000) + " HTTP/1.1")).startsWith("HTTP/1.1 414");
        assertThat(backend.seen).isEmpty();
        assertThat(front.rejections().get(Rejection.NOT_FOUND)).isEqualTo(2);
        assertThat(front.rejections().get(Rejection.BAD_REQUEST)).isEqualTo(6);
        assertThat(front.rejections().get(Rejection.METHOD_NOT_ALLOWED)).isEqualTo(1);
    }

    @Test
    void fiveMegabyteResponseStreamsThroughIntact() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(big);
        backend.file = big;
        startFront();
        HttpResponse<InputStream> r = client(retailer).send(get("/30min/FileReceiver?file=" + FILE).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long n = 0;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[64 * 1024];
            for (int k; (k = in.read(buf)) > 0; ) {
                sha.update(buf, 0, k);
                n += k;
            }
        }
        assertThat(n).isEqualTo(big.length);
        assertThat(sha.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(big));
    }

    @Test
    void unreachableBackendGives502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        startFront(baseConfig.toBuilder().backendHost("127.0.0.1").backendPort(closedPort).build());
        HttpResponse<String> r = asRetailer(get("/30min/FileListReceiver"));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).isEqualTo("502 Bad Gateway\n");
        assertThat(front.rejections().get(Rejection.BACKEND_UNAVAILABLE)).isEqualTo(1);
    }

    @Test
    void silentBackendGives504() throws Exception {
        backend.hang = true;
        startFront(baseConfig.toBuilder().backendHost("127.0.0.1").backendPort(backend.port())
                .backendConnectTimeout(Duration.ofSeconds(2)).backendResponseTimeout(Duration.ofMillis(300)).build());
        HttpResponse<String> r = asRetailer(get("/30min/FileListReceiver"));
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(front.rejections().get(Rejection.BACKEND_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void openSslProviderWorksToo() throws Exception {
        assumeThat(OpenSsl.isAvailable()).as("netty-tcnative available").isTrue();
        startFront(baseConfig.toBuilder().backendHost("127.0.0.1").backendPort(backend.port()).sslProvider(SslProvider.OPENSSL).build());
        HttpResponse<String> r = asRetailer(get("/30min/FileListReceiver"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(backend.seen.poll(5, TimeUnit.SECONDS).operator()).containsExactly("R0013");
        assertThatThrownBy(() -> client(null).send(get("/30min/FileListReceiver").build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        IssuedCertificate foreign = CertificateAuthority.create("Other CA").issueClient("R0013", "Impostor");
        assertThatThrownBy(() -> client(foreign).send(get("/30min/FileListReceiver").build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        Fixture.eventually().untilAsserted(() -> assertThat(front.rejections().get(Rejection.NO_CERTIFICATE)
                + front.rejections().get(Rejection.UNTRUSTED_CERTIFICATE) + front.rejections().get(Rejection.TLS_HANDSHAKE))
                .as("rejections %s", front.rejections()).isGreaterThanOrEqualTo(2));
    }

    /** Sends one raw request line over mutual TLS and returns the whole response as text. */
    private String raw(String requestLine) throws Exception {
        SSLContext ctx = TlsClients.context(ca.certificate(), retailer);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
