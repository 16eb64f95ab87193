package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import jp.ami.mdms.store.IlpQuestDbStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External mode: QuestDB's own server jar started as a separate process on loopback; the MDMS writes by ILP
 * over HTTP and reads by PG wire. Same write / read / DEDUP / revision checks as the embedded store.
 */
class ExternalQuestDbTest {
    @TempDir
    static Path dir;
    static Process server;
    static int httpPort;
    static int pgPort;

    @BeforeAll
    static void startServer() throws Exception {
        httpPort = Fixtures.freePort();
        pgPort = Fixtures.freePort();
        java.nio.file.Files.createDirectories(dir.resolve("qdb"));
        Path jar = Path.of(io.questdb.ServerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", jar.toString(), "io.questdb.ServerMain", "-d", dir.resolve("qdb").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("questdb.out").toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("QDB_HTTP_BIND_TO", "127.0.0.1:" + httpPort);
        env.put("QDB_PG_NET_BIND_TO", "127.0.0.1:" + pgPort);
        env.put("QDB_HTTP_MIN_ENABLED", "false");
        env.put("QDB_LINE_TCP_ENABLED", "false");
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        env.put("QDB_METRICS_ENABLED", "false");
        server = pb.start();
        Fixtures.await("external QuestDB answers on PG wire", ExternalQuestDbTest::answers, Duration.ofSeconds(60));
    }

    private static boolean answers() {
        if (!server.isAlive()) {
            throw new AssertionError("QuestDB server exited: see " + dir.resolve("questdb.out"));
        }
        Properties p = new Properties();
        p.setProperty("user", "admin");
        p.setProperty("password", "quest");
        p.setProperty("sslmode", "disable");
        p.setProperty("connectTimeout", "1");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb", p)) {
            return c.isValid(1);
        } catch (Exception e) {
            return false;
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void ilp_writes_and_pg_reads_are_idempotent_and_upsert_revisions() {
        try (IlpQuestDbStore store = new IlpQuestDbStore("127.0.0.1", httpPort, pgPort, new String[]{"0", "1", "9"})) {
            StoreContract.check(store, Fixtures.SLOT2, Fixtures.SLOT2 + 1);
            StoreContract.check(store, Fixtures.SLOT2, Fixtures.SLOT2 + 2); // everything again: still one row per key
            assertThat(store.count()).isEqualTo(15);
        }
    }

    @Test
    void the_server_chooses_the_external_store_by_configuration() {
        MdmsConfig config = Fixtures.configBuilder(dir.resolve("var")).questDbHost("127.0.0.1")
                .questDbHttpPort(httpPort).questDbPgPort(pgPort).build();
        try (var store = MdmsServer.openStore(config)) {
            assertThat(store).isInstanceOf(IlpQuestDbStore.class);
        }
    }
}
