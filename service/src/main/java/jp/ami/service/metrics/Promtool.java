package jp.ami.service.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's {@code promtool} (Debian package {@code prometheus}), for the checks of our scrapes and alert rules:
 * {@code promtool check metrics} (the exposition lints: names, units, {@code _total}) and {@code promtool test rules}.
 * Found as {@code $AMI_PROMTOOL}, else {@code promtool} on the {@code PATH}, else {@code /usr/bin/promtool}.
 *
 * <p>Tests skip a promtool check when it is absent, except where {@link #required()}: under CI ({@code CI} or
 * {@code AMI_CI} set, as {@code .ci/run} does, which installs it), where its absence fails the test.
 */
public final class Promtool {
    /** What promtool said: its exit code and its combined output. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    /** The installed promtool, if any. */
    public static Optional<Promtool> locate() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("AMI_PROMTOOL");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "promtool"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/promtool"));
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Promtool::new);
    }

    /**
     * For a test's promtool check: the installed promtool, or empty (the test then skips with
     * {@link #absentMessage()}); under CI ({@link #required()}) its absence is an {@link IllegalStateException} instead.
     */
    public static Optional<Promtool> forTests() {
        Optional<Promtool> p = locate();
        if (p.isEmpty() && required()) {
            throw new IllegalStateException(absentMessage() + " — required under CI (CI or AMI_CI is set; .ci/run installs it)");
        }
        return p;
    }

    /** True under CI ({@code CI} or {@code AMI_CI} set): a missing promtool is then an error, not a skip. */
    public static boolean required() {
        return isSet("CI") || isSet("AMI_CI");
    }

    /** The sentence a test skips or fails with when promtool is absent. */
    public static String absentMessage() {
        return "promtool not found (Debian package prometheus: apt-get install prometheus; or set AMI_PROMTOOL)";
    }

    private static boolean isSet(String name) {
        String v = System.getenv(name);
        return v != null && !v.isBlank() && !v.equalsIgnoreCase("false");
    }

    public Path executable() {
        return executable;
    }

    /** {@code promtool check metrics} on a scrape (stdin). */
    public Result checkMetrics(byte[] scrape) throws IOException, InterruptedException {
        return run(scrape, null, executable.toString(), "check", "metrics");
    }

    /** {@code promtool test rules FILE} (rule files named in it are relative to it). */
    public Result testRules(Path testFile) throws IOException, InterruptedException {
        return run(null, testFile.toAbsolutePath().getParent(), executable.toString(), "test", "rules",
                testFile.toAbsolutePath().toString());
    }

    /** {@code promtool check rules FILE}. */
    public Result checkRules(Path ruleFile) throws IOException, InterruptedException {
        return run(null, null, executable.toString(), "check", "rules", ruleFile.toAbsolutePath().toString());
    }

    private static Result run(byte[] stdin, Path workDir, String... command) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            b.directory(workDir.toFile());
        }
        Process p = b.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            }
        } else {
            p.getOutputStream().close();
        }
        String out;
        try (InputStream o = p.getInputStream()) {
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, out + "\n(promtool did not finish within 60 s)");
        }
        return new Result(p.exitValue(), out);
    }
}
