package jp.ami.bench.chaos;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ./ami} service as a child JVM of its own ({@code java … jp.ami.app.Ami <command> <args>}, this JVM's
 * class path and module flags), that can be SIGKILLed and started again with the same arguments. Each start writes
 * its output to {@code <logDir>/<name>-<n>.log}, in working directory {@code workDir} (the services' own {@code var/log}
 * lands there). Ready means its {@code readyPort} takes TCP connections; a process without one ({@code readyPort} 0,
 * the simulator) is ready once launched.
 */
final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final List<String> amiArgs;
    private final int readyPort;
    private final Path logDir;
    private final Path workDir;
    private final String heap;
    private Process process;
    private int starts;

    ServiceProcess(String name, List<String> amiArgs, int readyPort, Path workDir, Path logDir, String heap) {
        this.name = name;
        this.amiArgs = List.copyOf(amiArgs);
        this.readyPort = readyPort;
        this.logDir = logDir;
        this.workDir = workDir;
        this.heap = heap;
    }

    String name() {
        return name;
    }

    /** Launches the JVM (the previous one must be gone). */
    void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        starts++;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Dchronicle.") || a.startsWith("-Djna.")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("jp.ami.app.Ami");
        cmd.addAll(amiArgs);
        Path log = logDir.resolve(name + "-" + starts + ".log");
        process = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the service takes connections on its port; fails with the log's tail when it died or took too long. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (readyPort == 0) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " while starting: " + logTail());
            }
            return;
        }
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " while starting: " + logTail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", readyPort), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " did not open port " + readyPort + " within " + timeout + ": " + logTail());
                }
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    /** SIGKILL (on Linux, {@link Process#destroyForcibly}), and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits for the process to end by itself; its exit code. */
    int waitFor(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException(name + " did not finish within " + timeout + ": " + logTail());
        }
        return process.exitValue();
    }

    int starts() {
        return starts;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logDir.resolve(name + "-" + starts + ".log"), StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            stop(Duration.ofSeconds(10));
        }
    }
}
