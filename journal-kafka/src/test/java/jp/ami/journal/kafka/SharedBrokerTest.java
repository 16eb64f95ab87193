package jp.ami.journal.kafka;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the test classes that share one real single-node KRaft broker (a child JVM) for all their tests: it is
 * started in {@code dir/kafka} before the first test and closed after the last. A subclass creates its topics in its
 * own {@code @BeforeAll} (run after this one) and may put anything else of its own under {@link #dir}.
 */
abstract class SharedBrokerTest {
    @TempDir
    static Path dir;
    static KafkaCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaCluster.start(1, dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
