package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that run a real front before a {@link TestBackend}: each test gets a fresh backend, and
 * the front it starts ({@link #startFront(FrontServer)}) is closed after it, then the backend.
 */
abstract class FrontAndBackendTest {
    TestBackend backend;
    FrontServer front;
    int port;

    @BeforeEach
    void startBackend() throws IOException {
        backend = new TestBackend();
    }

    @AfterEach
    void stopFrontAndBackend() {
        if (front != null) {
            front.close();
        }
        backend.close();
    }

    /** Starts {@code server} as this test's front, listening on {@link #port}. */
    void startFront(FrontServer server) throws IOException {
        front = server;
        port = server.start();
    }

    /** Waits until the front has counted {@code reason} exactly {@code times}. */
    void awaitRejections(Rejection reason, long times) {
        Fixture.eventually().untilAsserted(() -> assertThat(front.rejections()).containsEntry(reason, times));
    }
}
