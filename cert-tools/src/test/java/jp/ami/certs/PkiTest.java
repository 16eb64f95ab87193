package jp.ami.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PkiTest {
    @TempDir
    Path dir;

    @Test
    void ensureCreatesMissingFilesAndIsIdempotent() throws Exception {
        Pki pki = Pki.ensure(dir.resolve("pki"), List.of("R0013", "R0042"), "pw");
        for (Path p : List.of(pki.caCertificate(), pki.caPrivateKey(), pki.serverCertificate(),
                pki.serverPrivateKey(), pki.serverPkcs12(), pki.clientPkcs12("R0013"),
                pki.clientCertificate("R0042"), pki.clientPrivateKey("R0042"))) {
            assertThat(p).exists();
        }
        String ca = Files.readString(pki.caCertificate());
        String client = Files.readString(pki.clientCertificate("R0013"));

        Pki again = Pki.ensure(dir.resolve("pki"), List.of("R0013", "R0042", "R0077"), "pw");
        assertThat(Files.readString(again.caCertificate())).isEqualTo(ca);
        assertThat(Files.readString(again.clientCertificate("R0013"))).isEqualTo(client);
        assertThat(again.clientPkcs12("R0077")).exists();
        CertificateAuthorityTest.validate(Pem.readCertificate(again.clientCertificate("R0077")),
                Pem.readCertificate(again.caCertificate()));
        assertThat(Files.getPosixFilePermissions(pki.caPrivateKey())).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void ensureRejectsBadCode() {
        assertThatThrownBy(() -> Pki.ensure(dir, List.of("bad"), "pw")).hasMessageContaining("operatorCode: \"bad\"");
    }

    @Test
    void commandLineIssuesAndLists() throws Exception {
        String d = dir.toString();
        assertThat(run("init", "--dir", d)).isZero();
        assertThat(run("server", "--dir", d, "--dns", "localhost", "--ip", "127.0.0.1", "--password", "pw")).isZero();
        assertThat(run("client", "--dir", d, "--operator", "R0013", "--org", "Retailer", "--days", "30",
                "--password", "pw")).isZero();
        assertThat(Pki.at(dir).clientPkcs12("R0013")).exists();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new CertsCommand());
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("list", "--dir", d)).isZero();
        assertThat(out.toString()).contains("operator=R0013").contains("ca.crt.pem").contains("server.crt.pem");

        CommandLine bad = new CommandLine(new CertsCommand());
        bad.setErr(new PrintWriter(new ByteArrayOutputStream(), true));
        assertThat(bad.execute("client", "--dir", d, "--operator", "x", "--org", "O", "--password", "pw")).isNotZero();
    }

    private static int run(String... args) {
        CommandLine cl = new CommandLine(new CertsCommand());
        cl.setOut(new PrintWriter(new ByteArrayOutputStream(), true));
        return cl.execute(args);
    }
}
