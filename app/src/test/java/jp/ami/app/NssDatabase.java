package jp.ami.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The NSS certificate database Chromium on Linux reads from {@code $HOME/.pki/nssdb}, made with the NSS tools
 * (Debian {@code libnss3-tools}: {@code certutil}, {@code pk12util}): trusts a CA for servers and, optionally,
 * holds one client certificate with its key, imported from PKCS#12.
 */
final class NssDatabase {
    private NssDatabase() {
    }

    /**
     * Creates the database under {@code home}.
     *
     * @param clientPkcs12 a client certificate and key to import, or null for none
     */
    static void create(Path home, Path caCertificatePem, Path clientPkcs12, String pkcs12Password) throws IOException, InterruptedException {
        Path db = Files.createDirectories(home.resolve(".pki/nssdb"));
        String dir = "sql:" + db;
        run(List.of("certutil", "-N", "-d", dir, "--empty-password"));
        run(List.of("certutil", "-A", "-d", dir, "-n", "ami-test-ca", "-t", "C,,", "-i", caCertificatePem.toString()));
        if (clientPkcs12 != null) {
            run(List.of("pk12util", "-i", clientPkcs12.toString(), "-d", dir, "-W", pkcs12Password, "-K", ""));
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }
}
