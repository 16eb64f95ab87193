package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import jp.ami.certs.CertificateAuthority;
import jp.ami.certs.IssuedCertificate;
import jp.ami.certs.RevocationReason;
import jp.ami.model.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TLS policy matrix: every rejection case and the good cases, on each TLS provider (OpenSSL when
 * netty-tcnative loads, and the JDK). Each invocation gets a fresh PKI made by cert-tools, a fresh front and
 * a fresh backend; revocation and suspension happen while the front runs (hot reload).
 */
@org.junit.jupiter.api.extension.ExtendWith(NamedResults.class)
class TlsMatrixTest extends FrontAndBackendTest {
    @TempDir
    Path dir;
    Fixture pki;
    ManualClock clock;
    @RegisterExtension
    final AuditCapture audit = new AuditCapture();

    /** One client situation and what the front must do with it. */
    interface Client {
        SSLContext prepare(TlsMatrixTest t) throws Exception;
    }

    record Case(String name, Rejection expected, Client client, String[] protocols, String[] ciphers) {
        Case(String name, Rejection expected, Client client) {
            this(name, expected, client, null, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("valid → 200", null, t -> t.pki.context(t.pki.client("R0013"))),
                new Case("valid over TLS 1.2 → 200", null, t -> t.pki.context(t.pki.client("R0013")),
                        new String[] {"TLSv1.2"}, null),
                new Case("no certificate → rejected", Rejection.NO_CERTIFICATE, t -> t.pki.context(null)),
                new Case("certificate from another CA → rejected", Rejection.UNTRUSTED_CERTIFICATE,
                        t -> t.pki.context(CertificateAuthority.create("AMI Demo CA").issueClient("R0013", "Impostor"))),
                new Case("expired → rejected", Rejection.CERTIFICATE_EXPIRED, t -> t.pki.context(
                        t.ca().newCertificate().operator("R0013", "Retailer")
                                .validFrom(t.now().minus(Duration.ofDays(800))).validUntil(t.now().minus(Duration.ofDays(1))).issue())),
                new Case("not yet valid → rejected", Rejection.CERTIFICATE_NOT_YET_VALID, t -> t.pki.context(
                        t.ca().newCertificate().operator("R0013", "Retailer")
                                .validFrom(t.now().plus(Duration.ofDays(1))).validity(Duration.ofDays(730)).issue())),
                new Case("revoked → rejected", Rejection.CERTIFICATE_REVOKED, t -> {
                    IssuedCertificate c = t.pki.client("R0042");
                    t.pki.pki.revoke(c.serialHex(), RevocationReason.KEY_COMPROMISE); // while the front runs
                    return t.pki.context(c);
                }),
                new Case("suspended → rejected", Rejection.OPERATOR_SUSPENDED, t -> {
                    t.pki.pki.suspend("R0077", "test"); // while the front runs
                    return t.pki.context(t.pki.client("R0077"));
                }),
                new Case("no operator code in subject → rejected", Rejection.NO_OPERATOR, t -> t.pki.context(
                        t.ca().newCertificate().subjectCommonName("not an operator").clientAuth().issue())),
                new Case("weak cipher (TLS 1.2 CBC) → rejected", Rejection.TLS_HANDSHAKE,
                        t -> t.pki.context(t.pki.client("R0013")), new String[] {"TLSv1.2"},
                        new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"}));
    }

    static List<SslProvider> providers() {
        List<SslProvider> p = new ArrayList<>();
        if (OpenSsl.isAvailable()) {
            p.add(SslProvider.OPENSSL);
        }
        p.add(SslProvider.JDK);
        return p;
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> matrix() {
        List<org.junit.jupiter.params.provider.Arguments> all = new ArrayList<>();
        for (SslProvider p : providers()) {
            for (Case c : cases()) {
                all.add(org.junit.jupiter.params.provider.Arguments.of(c, p));
            }
        }
        return all.stream();
    }

    CertificateAuthority ca() throws Exception {
        return pki.pki.loadCa();
    }

    /** The front's clock: stands at the time the fixture's certificates were issued, whatever the date. */
    Instant now() {
        return clock.instant();
    }

    @BeforeEach
    void setUp() throws Exception {
        pki = new Fixture(dir.resolve("pki"), "R0013", "R0042", "R0077");
        clock = pki.clockAtIssue("R0013");
    }

    private void start(SslProvider provider) throws Exception {
        startFront(new FrontServer(pki.configBuilder(backend.port()).sslProvider(provider).build(), AccessPolicy.ALLOW_ALL,
                clock));
        assertThat(front.sslProvider()).isEqualTo(provider);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("matrix")
    void tlsPolicy(Case c, SslProvider provider) throws Exception {
        start(provider);
        SSLContext ctx = c.client().prepare(this);
        String response;
        try (SSLSocket s = Fixture.connect(ctx, port)) {
            if (c.protocols() != null) {
                s.setEnabledProtocols(c.protocols());
            }
            if (c.ciphers() != null) {
                s.setEnabledCipherSuites(c.ciphers());
            }
            response = Fixture.get(s, "/30min/FileListReceiver", "Accept: application/json");
        }
        if (c.expected() == null) {
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("{\"operator\":\"R0013\",\"files\":[]}");
            assertThat(front.rejections().values()).allMatch(n -> n == 0);
            String serial = pki.client("R0013").serialHex();
            awaitAudit("time=", "operator=R0013", "serial=" + serial, "method=\"GET\"",
                    "path=\"/30min/FileListReceiver\"", "status=200", "bytes=", "durationMs=");
        } else {
            assertThat(response).as("no HTTP response for a rejected client").isNull();
            awaitRejections(c.expected(), 1);
            awaitAudit("event=connection-rejected", "reason=" + c.expected());
            assertThat(backend.seen).isEmpty();
        }
    }

    static List<SslProvider> providerList() {
        return providers();
    }

    @ParameterizedTest(name = "suspended → rejected and open connection closed; resumed → 200 again [{0}]")
    @MethodSource("providerList")
    void suspensionClosesOpenConnectionsAndIsReloadedBothWays(SslProvider provider) throws Exception {
        start(provider);
        SSLContext ctx = pki.context(pki.client("R0077"));
        try (SSLSocket other = Fixture.connect(pki.context(pki.client("R0013")), port);
             SSLSocket s = Fixture.connect(ctx, port)) {
            assertThat(Fixture.get(s, "/30min/FileListReceiver")).startsWith("HTTP/1.1 200");
            assertThat(Fixture.get(other, "/30min/FileListReceiver")).startsWith("HTTP/1.1 200");
            pki.pki.suspend("R0077", "unpaid");
            assertThat(Fixture.closedByPeer(s)).as("suspended operator's keep-alive connection closed").isTrue();
            assertThat(Fixture.get(other, "/30min/FileListReceiver")).as("other operator unaffected").startsWith("HTTP/1.1 200");
        }
        assertThat(front.rejections().get(Rejection.OPERATOR_SUSPENDED)).isEqualTo(1);
        assertThat(audit.any("event=connection-closed", "operator=R0077", "reason=OPERATOR_SUSPENDED")).isTrue();
        try (SSLSocket s = Fixture.connect(ctx, port)) {
            assertThat(Fixture.get(s, "/30min/FileListReceiver")).isNull();
        }
        awaitRejections(Rejection.OPERATOR_SUSPENDED, 2);
        pki.pki.resume("R0077");
        try (SSLSocket s = Fixture.connect(pki.context(pki.client("R0077")), port)) {
            assertThat(Fixture.get(s, "/30min/FileListReceiver")).startsWith("HTTP/1.1 200");
        }
    }

    @ParameterizedTest(name = "revoked while connected → open connection closed; CRL reloaded without restart [{0}]")
    @MethodSource("providerList")
    void revocationClosesOpenConnections(SslProvider provider) throws Exception {
        start(provider);
        IssuedCertificate r42 = pki.client("R0042");
        try (SSLSocket s = Fixture.connect(pki.context(r42), port)) {
            assertThat(Fixture.get(s, "/30min/FileListReceiver")).startsWith("HTTP/1.1 200");
            pki.pki.revoke(r42.serialHex(), RevocationReason.PRIVILEGE_WITHDRAWN);
            assertThat(Fixture.closedByPeer(s)).isTrue();
        }
        assertThat(front.rejections().get(Rejection.CERTIFICATE_REVOKED)).isEqualTo(1);
        // a session resumed from before the revocation is refused as well
        try (SSLSocket s = Fixture.connect(pki.context(r42), port)) {
            assertThat(Fixture.get(s, "/30min/FileListReceiver")).isNull();
        }
        awaitRejections(Rejection.CERTIFICATE_REVOKED, 2);
        // a CRL that does not verify is ignored: the previous one stays in force
        Files.writeString(pki.pki.crl(), "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        front.reloadNow();
        try (SSLSocket s = Fixture.connect(pki.context(r42), port)) {
            assertThat(Fixture.get(s, "/30min/FileListReceiver")).isNull();
        }
    }

    @ParameterizedTest(name = "session resumption works, and a resumed session of a suspended operator is refused [{0}]")
    @MethodSource("providerList")
    void sessionResumptionAndPolicyOnResumedSessions(SslProvider provider) throws Exception {
        start(provider);
        SSLContext ctx = pki.context(pki.client("R0077")); // one context: its client session cache resumes
        byte[] first;
        try (SSLSocket s = Fixture.connect(ctx, port)) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"}); // TLS 1.2: a resumed session keeps its ID
            assertThat(Fixture.get(s, "/30min/FileListReceiver")).startsWith("HTTP/1.1 200");
            first = s.getSession().getId();
        }
        try (SSLSocket s = Fixture.connect(ctx, port)) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            assertThat(Fixture.get(s, "/30min/FileListReceiver")).startsWith("HTTP/1.1 200");
            assertThat(s.getSession().getId()).as("session resumed").isEqualTo(first);
        }
        pki.pki.suspend("R0077", "test");
        try (SSLSocket s = Fixture.connect(ctx, port)) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            assertThat(Fixture.get(s, "/30min/FileListReceiver")).isNull();
        }
        awaitRejections(Rejection.OPERATOR_SUSPENDED, 1);
    }

    /** Waits for an audit line that contains every one of {@code parts}. */
    private void awaitAudit(String... parts) {
        Fixture.eventually().untilAsserted(() -> assertThat(audit.any(parts)).as("audit %s", audit.lines).isTrue());
    }
}
