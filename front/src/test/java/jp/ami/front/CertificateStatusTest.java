package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.ami.certs.IssuedCertificate;
import jp.ami.certs.RevocationReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two watched files: reloaded when they change, and what their deletion means. */
class CertificateStatusTest {
    @TempDir
    Path dir;

    @Test
    void changes_are_reloaded_a_deleted_suspension_list_suspends_nobody_and_a_deleted_crl_stays_in_force() throws Exception {
        Fixture pki = new Fixture(dir.resolve("pki"), "R0013", "R0042");
        IssuedCertificate r42 = pki.client("R0042");
        BigInteger serial = r42.certificate().getSerialNumber();
        CertificateStatus status = new CertificateStatus(pki.pki.crl(), pki.pki.suspended(), List.of(pki.ca));
        assertThat(status.isRevoked(serial)).isFalse();
        assertThat(status.isSuspended("R0013")).isFalse();

        pki.pki.revoke(r42.serialHex(), RevocationReason.KEY_COMPROMISE);
        pki.pki.suspend("R0013", "test");
        assertThat(status.refresh()).isTrue();
        assertThat(status.isRevoked(serial)).isTrue();
        assertThat(status.isSuspended("R0013")).isTrue();
        assertThat(status.refresh()).as("nothing changed since").isFalse();

        Files.delete(pki.pki.suspended());
        Files.delete(pki.pki.crl());
        assertThat(status.refresh()).isTrue();
        assertThat(status.isSuspended("R0013")).isFalse();
        assertThat(status.isRevoked(serial)).isTrue();
        assertThat(status.refresh()).isFalse();
    }
}
