package jp.ami.mdms.store;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * QuestDB's own server ({@code io.questdb.ServerMain} from the QuestDB jar on our class path) started as a separate
 * process on loopback: the external-server mode of the MDMS ({@link IlpQuestDbStore}) in tests, and the QuestDB-SQL
 * peer of the benchmarks. HTTP (web console, ILP over HTTP) and the PG wire on the given ports of 127.0.0.1; ILP over
 * TCP/UDP, the minimal health server, telemetry and metrics off. Its console output goes to {@code log}.
 *
 * <pre>{@code
 * try (QuestDbServerProcess qdb = QuestDbServerProcess.start(dir, "512m", httpPort, pgPort, dir.resolve("questdb.out"))) {
 *     qdb.awaitReady(Duration.ofSeconds(60));
 * }
 * }</pre>
 */
public final class QuestDbServerProcess implements AutoCloseable {
    private final Process process;
    private final int httpPort;
    private final int pgPort;
    private final Path log;

    private QuestDbServerProcess(Process process, int httpPort, int pgPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.pgPort = pgPort;
        this.log = log;
    }

    /**
     * Starts the server on data directory {@code root} (created) with heap {@code heap} (an {@code -Xmx} value).
     * Returns at once; {@link #awaitReady} waits until it answers.
     */
    public static QuestDbServerProcess start(Path root, String heap, int httpPort, int pgPort, Path log) throws IOException {
        Files.createDirectories(root);
        Path jar;
        try {
            jar = Path.of(io.questdb.ServerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the QuestDB server jar", e);
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", jar.toString(), "io.questdb.ServerMain", "-d", root.toString()))
                .redirectOutput(log.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("QDB_HTTP_BIND_TO", "127.0.0.1:" + httpPort);
        env.put("QDB_PG_NET_BIND_TO", "127.0.0.1:" + pgPort);
        env.put("QDB_HTTP_MIN_ENABLED", "false");
        env.put("QDB_LINE_TCP_ENABLED", "false");
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        env.put("QDB_METRICS_ENABLED", "false");
        return new QuestDbServerProcess(pb.start(), httpPort, pgPort, log);
    }

    /**
     * Polls the PG wire until the server answers.
     *
     * @throws IllegalStateException when the process exits first or {@code timeout} passes; the message names the log
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("QuestDB server exited with " + process.exitValue() + ": see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("QuestDB did not answer on the PG wire at 127.0.0.1:" + pgPort + " within "
                        + timeout + ": see " + log);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /** True when a PG-wire connection to the server opens and is valid. */
    public boolean answers() {
        try (Connection c = connect(1)) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** A JDBC connection over the PG wire (user admin, the default password). */
    public Connection connect(int timeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "admin");
        p.setProperty("password", "quest");
        p.setProperty("sslmode", "disable");
        p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb", p);
    }

    public int httpPort() {
        return httpPort;
    }

    public int pgPort() {
        return pgPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 20 s) and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
