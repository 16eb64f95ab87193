package jp.ami.hes;

import java.nio.file.Path;
import java.time.Clock;
import jp.ami.service.testing.Closeables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test base: a real head-end (Netty, Californium, its Chronicle journal in a temporary directory) and one client of
 * it over a transport, both closed after each test; {@link #frames} builds what the client sends.
 */
abstract class HesAndClient {
    /** The first of the head-end's 100 meters. */
    static final long FIRST_METER = 1000;

    @TempDir
    Path dir;

    HesServer server;
    BatchClient client;
    final Frames frames = new Frames();

    /** The head-end's settings: its journal under {@link #dir}, ephemeral ports, meters 1000 … 1099. */
    HesConfig config() {
        return HesConfig.defaults(dir.resolve("journal"), Frames.MASTER_KEY).withPorts(0, 0).withMeters(FIRST_METER, 100);
    }

    /** Starts the head-end on {@code clock} and connects the client over {@code transport}. */
    void start(HesConfig config, Clock clock, Transport transport) throws Exception {
        server = HesServer.start(config, clock);
        client = BatchClient.connect(transport, server);
    }

    @AfterEach
    void closeClientAndServer() throws Exception {
        Closeables.closeAll(client, server);
    }
}
