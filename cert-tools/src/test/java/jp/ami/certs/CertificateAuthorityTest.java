package jp.ami.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("Test CA");

    @TempDir
    Path dir;

    @Test
    void clientCertificateCarriesOperatorCodeInSubject() throws Exception {
        IssuedCertificate client = CA.issueClient("R0013", "Retailer Thirteen K.K.");
        X500Name subject = CertificateNames.subject(client.certificate());

        assertThat(CertificateNames.attribute(subject, BCStyle.ORGANIZATION_IDENTIFIER)).contains("R0013");
        assertThat(CertificateNames.attribute(subject, BCStyle.CN)).contains("R0013");
        assertThat(CertificateNames.attribute(subject, BCStyle.O)).contains("Retailer Thirteen K.K.");
        assertThat(CertificateNames.attribute(subject, BCStyle.C)).contains("JP");
        assertThat(CertificateNames.operatorCode(client.certificate())).contains("R0013");
        assertThat(client.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        Duration validity = Duration.between(client.certificate().getNotBefore().toInstant(),
                client.certificate().getNotAfter().toInstant());
        assertThat(validity).isEqualTo(Duration.ofDays(730));
    }

    @Test
    void chainVerifiesAgainstCa() throws Exception {
        IssuedCertificate client = CA.issueClient("R0013", "Retailer");
        IssuedCertificate server = CA.issueServer("localhost", List.of("localhost"), List.of("127.0.0.1"));
        validate(client.certificate(), CA.certificate());
        validate(server.certificate(), CA.certificate());
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        Collection<List<?>> sans = server.certificate().getSubjectAlternativeNames();
        assertThat(sans.stream().map(l -> (Object) l.get(1)).toList()).containsExactlyInAnyOrder("localhost", "127.0.0.1");

        CertificateAuthority other = CertificateAuthority.create("Other CA");
        assertThatThrownBy(() -> validate(other.issueClient("R0013", "X").certificate(), CA.certificate()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void pkcs12LoadsWithPasswordAndHoldsChain() throws Exception {
        IssuedCertificate client = CA.issueClient("R0013", "Retailer");
        Path p12 = dir.resolve("r.p12");
        client.writePkcs12(p12, "ami", "s3cret".toCharArray());

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "s3cret".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("ami", "s3cret".toCharArray());
        assertThat(ks.getCertificateChain("ami")).containsExactly(client.certificate(), CA.certificate());
        assertThat(signsFor(key, client.certificate())).isTrue();

        KeyStore wrong = KeyStore.getInstance("PKCS12");
        assertThatThrownBy(() -> {
            try (InputStream in = Files.newInputStream(p12)) {
                wrong.load(in, "wrong".toCharArray());
            }
        }).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void pemRoundTripAndLoadExistingCa() throws Exception {
        CA.save(dir.resolve("ca.crt.pem"), dir.resolve("ca.key.pem"));
        CertificateAuthority loaded = CertificateAuthority.load(dir.resolve("ca.crt.pem"), dir.resolve("ca.key.pem"));
        assertThat(loaded.certificate()).isEqualTo(CA.certificate());
        IssuedCertificate client = loaded.issueClient("A1B2C", "Org");
        validate(client.certificate(), CA.certificate());

        client.writePem(dir.resolve("c.crt.pem"), dir.resolve("c.key.pem"));
        assertThat(Files.readString(dir.resolve("c.key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.readCertificate(dir.resolve("c.crt.pem"))).isEqualTo(client.certificate());
        assertThat(signsFor(Pem.readPrivateKey(dir.resolve("c.key.pem")), client.certificate())).isTrue();
    }

    @Test
    void invalidOperatorCodeIsRejectedNamingFieldAndValue() {
        assertThatThrownBy(() -> CA.issueClient("r13", "Org"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operatorCode")
                .hasMessageContaining("\"r13\"");
        assertThatThrownBy(() -> CA.issueClient("R00134", "Org")).hasMessageContaining("\"R00134\"");
        assertThatThrownBy(() -> CA.issueClient(null, "Org")).hasMessageContaining("operatorCode");
    }

    @Test
    void builderMintsExpiredAndNotYetValidCertificates() {
        Instant now = Instant.now();
        IssuedCertificate expired = CA.newCertificate().operator("R0013", "Org")
                .validFrom(now.minus(Duration.ofDays(10))).validUntil(now.minus(Duration.ofDays(1))).issue();
        IssuedCertificate future = CA.newCertificate().operator("R0013", "Org")
                .validFrom(now.plus(Duration.ofDays(1))).issue();
        assertThatThrownBy(() -> expired.certificate().checkValidity())
                .isInstanceOf(java.security.cert.CertificateExpiredException.class);
        assertThatThrownBy(() -> future.certificate().checkValidity())
                .isInstanceOf(java.security.cert.CertificateNotYetValidException.class);
    }

    @Test
    void rsaCaWorksToo() throws Exception {
        CertificateAuthority rsa = CertificateAuthority.create("RSA CA", Duration.ofDays(30), KeyAlgorithm.RSA_2048);
        IssuedCertificate c = rsa.newCertificate().operator("R0013", "Org").keyAlgorithm(KeyAlgorithm.RSA_2048).issue();
        validate(c.certificate(), rsa.certificate());
    }

    private static boolean signsFor(PrivateKey key, X509Certificate cert) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(cert.getPublicKey());
        v.update(new byte[] {1, 2, 3});
        return v.verify(sig);
    }

    static void validate(X509Certificate leaf, X509Certificate root) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(List.of(leaf)), params);
    }
}
