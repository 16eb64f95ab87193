package jp.ami.bench.e2e.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Small process / file helpers shared by the peers. */
final class Procs {
    private Procs() {}

    /** Output and exit code of a finished command. */
    record Outcome(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code cmd}, stdout and stderr merged, and waits at most {@code timeoutSeconds}. */
    static Outcome run(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = ("(cannot read output: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        }, "proc-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            reader.join(1000);
            return new Outcome(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd));
        }
        reader.join();
        return new Outcome(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8).strip());
    }

    /** Runs {@code cmd} and throws with its output unless it exits 0. */
    static String check(String what, List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Outcome o = run(cmd, timeoutSeconds);
        if (!o.ok()) {
            throw new IOException(what + " failed (exit " + o.exitCode() + "): " + String.join(" ", cmd) + "\n" + o.output());
        }
        return o.output();
    }

    static List<String> cmd(List<String> prefix, String... args) {
        List<String> c = new ArrayList<>(prefix);
        c.addAll(List.of(args));
        return c;
    }

    /** Polls {@code condition} every 10 ms until true; throws on timeout. */
    static void await(String what, BooleanSupplier condition, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
    }

    /** The last {@code maxChars} characters of a log file, for error messages. */
    static String tail(Path log, int maxChars) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() <= maxChars ? s : "…" + s.substring(s.length() - maxChars);
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
