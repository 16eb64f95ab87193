package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jp.ami.mdms.store.IlpQuestDbStore;
import jp.ami.mdms.store.QuestDbServerProcess;
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
    static QuestDbServerProcess server;
    static int httpPort;
    static int pgPort;

    @BeforeAll
    static void startServer() throws Exception {
        server = QuestDbServerProcess.start(dir.resolve("qdb"), "512m", Fixtures.freePort(), Fixtures.freePort(),
                dir.resolve("questdb.out"));
        server.awaitReady(Duration.ofSeconds(60));
        httpPort = server.httpPort();
        pgPort = server.pgPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ilp_writes_and_pg_reads_are_idempotent_and_upsert_revisions() {
        try (IlpQuestDbStore store = new IlpQuestDbStore("127.0.0.1", httpPort, pgPort, new String[]{"0", "1", "9", "2"})) {
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
