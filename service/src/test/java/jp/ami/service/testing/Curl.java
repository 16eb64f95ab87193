package jp.ami.service.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: the real {@code /usr/bin/curl} as the docs show a retailer's pull, with a client certificate and key
 * (PEM) and our CA; each run is bounded ({@code --max-time 20}) and must exit 0.
 */
public record Curl(Path caCertificate, Path clientCertificate, Path clientKey) {
    /** Skips the test where curl is not installed. */
    public static void assumeInstalled() {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/curl"))).as("curl installed (/usr/bin/curl)").isTrue();
    }

    /** {@code curl --fail …}: an HTTP error status fails the run. */
    public String fetch(String... args) throws IOException, InterruptedException {
        return run(true, args);
    }

    /** Runs curl with {@code args} (and {@code --fail} if asked); asserts it ended in time and exited 0; its output. */
    public String run(boolean fail, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--cacert", caCertificate.toString(),
                "--cert", clientCertificate.toString(), "--key", clientKey.toString(), "--max-time", "20"));
        if (fail) {
            cmd.add("--fail");
        }
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("curl exit status; output: " + text).isZero();
        return text;
    }
}
