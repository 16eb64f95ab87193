package jp.ami.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class RevocationTest {
    @TempDir
    Path dir;

    @Test
    void revokeWritesSignedCrlWithSerialReasonAndNextUpdate() throws Exception {
        Pki pki = Pki.ensure(dir, List.of("R0013", "R0042"), "pw");
        X509CRL empty = Pem.readCrl(pki.crl());
        X509Certificate ca = Pem.readCertificate(pki.caCertificate());
        empty.verify(ca.getPublicKey());
        assertThat(empty.getRevokedCertificates()).isNull();

        X509Certificate r13 = Pem.readCertificate(pki.clientCertificate("R0013"));
        X509Certificate r42 = Pem.readCertificate(pki.clientCertificate("R0042"));
        pki.revoke(r13.getSerialNumber().toString(16), RevocationReason.KEY_COMPROMISE);

        X509CRL crl = Pem.readCrl(pki.crl());
        crl.verify(ca.getPublicKey());
        assertThat(Files.readString(pki.crl())).startsWith("-----BEGIN X509 CRL-----");
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(crl.isRevoked(r13)).isTrue();
        assertThat(crl.isRevoked(r42)).isFalse();
        X509CRLEntry entry = crl.getRevokedCertificate(r13.getSerialNumber());
        assertThat(entry.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        assertThat(crl.getNextUpdate().toInstant()).isAfter(Instant.now().plus(Pki.DEFAULT_CRL_VALIDITY).minusSeconds(60));
        assertThat(CRLReason.keyCompromise).isEqualTo(RevocationReason.KEY_COMPROMISE.code());

        CertificateIndex index = CertificateIndex.load(pki.index());
        assertThat(index.find(r13.getSerialNumber().toString(16)).orElseThrow().status())
                .isEqualTo(CertificateIndex.Status.REVOKED);
        assertThat(index.find(r42.getSerialNumber().toString(16)).orElseThrow().status())
                .isEqualTo(CertificateIndex.Status.VALID);
        assertThatThrownBy(() -> pki.revoke("abcdef", RevocationReason.UNSPECIFIED)).hasMessageContaining("abcdef");
    }

    @Test
    void revokeByOperatorAndCommandLine() throws Exception {
        String d = dir.toString();
        assertThat(run("init", "--dir", d)).isZero();
        assertThat(run("client", "--dir", d, "--operator", "R0013", "--org", "Thirteen", "--password", "pw")).isZero();
        assertThat(run("client", "--dir", d, "--operator", "R0042", "--org", "Forty-two", "--password", "pw")).isZero();
        Pki pki = Pki.at(dir);
        X509Certificate r42 = Pem.readCertificate(pki.clientCertificate("R0042"));
        assertThat(run("revoke", "--dir", d, "--operator", "R0042", "--reason", "cessationOfOperation")).isZero();
        X509CRL crl = Pem.readCrl(pki.crl());
        assertThat(crl.isRevoked(r42)).isTrue();
        assertThat(crl.isRevoked(Pem.readCertificate(pki.clientCertificate("R0013")))).isFalse();
        assertThat(crl.getRevokedCertificate(r42.getSerialNumber()).getRevocationReason())
                .isEqualTo(java.security.cert.CRLReason.CESSATION_OF_OPERATION);
        assertThat(run("revoke", "--dir", d)).isNotZero();

        assertThat(run("suspend", "--dir", d, "--operator", "R0013", "--comment", "unpaid")).isZero();
        assertThat(SuspensionList.load(pki.suspended()).isSuspended("R0013")).isTrue();
        String list = output("list", "--dir", d);
        assertThat(list).contains("operator=R0042").contains("status=REVOKED").contains("reason=CESSATION_OF_OPERATION")
                .contains("status=VALID").contains("suspended operator=R0013").contains("unpaid");
        assertThat(run("resume", "--dir", d, "--operator", "R0013")).isZero();
        assertThat(SuspensionList.load(pki.suspended()).entries()).isEmpty();
        assertThat(output("crl", "--dir", d, "--days", "2")).contains("1 revoked");
    }

    @Test
    void suspensionListParsesCommentsAndRejectsGarbage() throws Exception {
        Path f = dir.resolve("suspended.txt");
        Files.writeString(f, "# header\n\nR0013  # why\n  R0042\n");
        assertThat(SuspensionList.load(f).entries()).containsEntry("R0013", "why").containsEntry("R0042", "");
        Files.writeString(f, "R0013\nnot-a-code\n");
        assertThatThrownBy(() -> SuspensionList.load(f)).hasMessageContaining("line 2");
        assertThat(SuspensionList.load(dir.resolve("absent.txt")).entries()).isEmpty();
    }

    @ParameterizedTest(name = "certs {0} --help")
    @ValueSource(strings = {"init", "server", "client", "list", "revoke", "crl", "suspend", "resume"})
    void everySubcommandHasHelp(String sub) {
        assertThat(output(sub, "--help")).contains("Usage:").contains(sub);
    }

    private static int run(String... args) {
        CommandLine cl = new CommandLine(new CertsCommand());
        cl.setOut(new PrintWriter(new ByteArrayOutputStream(), true));
        cl.setErr(new PrintWriter(new ByteArrayOutputStream(), true));
        return cl.execute(args);
    }

    private static String output(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new CertsCommand());
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute(args)).isZero();
        return out.toString();
    }
}
