package jp.ami.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PKI reused from an earlier run: what can be re-issued is, what cannot stops with one line naming the fix. */
class ReusedPkiTest {
    static final List<String> CODES = List.of("R0001", "R0002");

    @TempDir
    Path dir;

    /** The instant the PKI was made at, read from its own files, so the test holds on any date. */
    Instant issuedAt(Pki pki) throws Exception {
        return Pem.readCertificate(pki.clientCertificate("R0001")).getNotBefore().toInstant();
    }

    @Test
    void a_usable_pki_is_left_alone() throws Exception {
        Pki pki = Pki.ensure(dir, CODES, "pw");
        String before = Files.readString(pki.clientCertificate("R0002"));
        assertThat(ReusedPki.ensureUsable(dir, CODES, "pw", issuedAt(pki).plus(Duration.ofHours(1)))).isEmpty();
        assertThat(Files.readString(pki.clientCertificate("R0002"))).isEqualTo(before);
    }

    @Test
    void a_revoked_retailer_certificate_is_reissued_and_the_new_one_is_valid() throws Exception {
        Pki pki = Pki.ensure(dir, CODES, "pw");
        String revokedSerial = pki.revokeOperator("R0002", RevocationReason.KEY_COMPROMISE).get(0).serialHex();
        List<String> notes = ReusedPki.ensureUsable(dir, CODES, "pw", issuedAt(pki).plus(Duration.ofHours(1)));
        assertThat(notes).singleElement().asString().contains("R0002").contains("revoked");
        String serial = Pem.readCertificate(pki.clientCertificate("R0002")).getSerialNumber().toString(16);
        assertThat(serial).isNotEqualTo(revokedSerial);
        assertThat(CertificateIndex.load(pki.index()).find(serial).orElseThrow().status())
                .isEqualTo(CertificateIndex.Status.VALID);
        CertificateAuthorityTest.validate(Pem.readCertificate(pki.clientCertificate("R0002")),
                Pem.readCertificate(pki.caCertificate()));
        // and once re-issued, the next run finds nothing to do
        assertThat(ReusedPki.ensureUsable(dir, CODES, "pw", issuedAt(pki).plus(Duration.ofHours(2)))).isEmpty();
    }

    @Test
    void expired_certificates_are_reissued() throws Exception {
        Pki pki = Pki.ensure(dir, CODES, "pw");
        Instant later = Pem.readCertificate(pki.clientCertificate("R0001")).getNotAfter().toInstant().plusSeconds(1);
        List<String> notes = ReusedPki.ensureUsable(dir, CODES, "pw", later);
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("R0001").contains("expired"))
                .anySatisfy(n -> assertThat(n).contains("R0002").contains("expired"));
    }

    @Test
    void a_suspended_retailer_stops_with_the_resume_command() throws Exception {
        Pki pki = Pki.ensure(dir, CODES, "pw");
        pki.suspend("R0001", "test");
        assertThatThrownBy(() -> ReusedPki.ensureUsable(dir, CODES, "pw", issuedAt(pki)))
                .isInstanceOf(ReusedPki.Unusable.class)
                .hasMessageContaining("R0001").hasMessageContaining("certs resume --dir " + dir + " --operator R0001");
    }

    @Test
    void an_expired_ca_stops_with_one_line_naming_it() throws Exception {
        Pki pki = Pki.ensure(dir, CODES, "pw");
        Instant afterCa = Pem.readCertificate(pki.caCertificate()).getNotAfter().toInstant().plusSeconds(1);
        assertThatThrownBy(() -> ReusedPki.ensureUsable(dir, CODES, "pw", afterCa))
                .isInstanceOf(ReusedPki.Unusable.class)
                .hasMessageContaining(pki.caCertificate().toString()).hasMessageContaining("delete " + dir)
                .hasMessageNotContaining("\n");
    }
}
