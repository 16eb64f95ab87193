package jp.ami.journal.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jp.ami.journal.JournalUnavailableException;
import jp.ami.journal.ReadingBatch;
import jp.ami.journal.ReadingLogAppender;
import jp.ami.journal.ReadingLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three KRaft brokers, a topic with replication 3 and {@code min.insync.replicas=2}; batches flow through the Kafka
 * journal's appender (the head-end acks a batch exactly when its append returns) while the partition leader is
 * SIGKILLed. Every acknowledged batch must be in the log exactly once, in order.
 */
class KafkaFailoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFailoverTest.class);
    private static final int BATCHES = 400;
    private static final int READINGS = 20;
    private static final int KILL_AFTER = 100;

    @TempDir
    Path dir;

    private static ReadingBatch batch(int seq) {
        ReadingBatch b = new ReadingBatch(READINGS);
        b.source(1, seq); // the batch's identity rides in the source ID
        for (int i = 0; i < READINGS; i++) {
            b.add(10_000 + i, 1_795_000_000L + 1800L * seq, seq, 1_795_000_000_000L + seq, 1, seq, 0x02, 8, 1, 0, 0);
        }
        return b;
    }

    @Test
    void sigkill_of_the_partition_leader_mid_run_loses_no_acknowledged_batch_and_duplicates_none() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start(3, dir.resolve("kafka"))) {
            kafka.createTopic("readings", 1);
            String uri = kafka.journalUri("readings", 0);
            AtomicInteger acked = new AtomicInteger();
            Map<Integer, Integer> failedAttempts = new HashMap<>();
            AtomicLong longestAppendNanos = new AtomicLong();
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                try (ReadingLogAppender a = KafkaJournal.open(uri).appender()) {
                    for (int seq = 0; seq < BATCHES; ) {
                        long t0 = System.nanoTime();
                        try {
                            a.append(batch(seq));
                        } catch (JournalUnavailableException e) {
                            // answered "retry": the meter resends the same batch
                            LOG.info("batch {} not acknowledged: {}", seq, e.getMessage());
                            synchronized (failedAttempts) {
                                failedAttempts.merge(seq, 1, Integer::sum);
                            }
                            continue;
                        } finally {
                            longestAppendNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                        }
                        acked.incrementAndGet();
                        seq++;
                    }
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() >= KILL_AFTER || producer.isDone());
            int leader = kafka.leaderOf("readings", 0);
            int ackedBeforeKill = acked.get();
            kafka.kill(leader);
            producer.get(120, TimeUnit.SECONDS);
            assertThat(ackedBeforeKill).isLessThan(BATCHES); // the kill happened while batches were flowing
            assertThat(acked.get()).isEqualTo(BATCHES);
            int newLeader = kafka.leaderOf("readings", 0);
            assertThat(newLeader).isNotEqualTo(leader);
            LOG.info("killed leader {} after {} acked batches; new leader {}; longest append {} ms; failed attempts {}",
                    leader, ackedBeforeKill, newLeader, TimeUnit.NANOSECONDS.toMillis(longestAppendNanos.get()), failedAttempts);

            List<Integer> read = new ArrayList<>();
            try (ReadingLogReader r = KafkaJournal.open(kafka.journalUri("readings", 0)).readerFromStart()) {
                ReadingBatch in = new ReadingBatch(1);
                long end = kafka.endOffset("readings", 0);
                while (r.index() < end) {
                    KafkaJournalTest.next(r, in);
                    assertThat(in.size()).isEqualTo(READINGS);
                    int seq = (int) in.sourceId();
                    for (int i = 0; i < READINGS; i++) {
                        assertThat(in.register(i)).isEqualTo(seq);
                    }
                    read.add(seq);
                }
            }
            Map<Integer, Integer> count = new HashMap<>();
            read.forEach(s -> count.merge(s, 1, Integer::sum));
            for (int seq = 0; seq < BATCHES; seq++) {
                int resends = failedAttempts.getOrDefault(seq, 0);
                // exactly once; a batch answered "retry" and resent may be there once more per failed attempt
                assertThat(count.getOrDefault(seq, 0)).as("batch %d", seq).isBetween(1, 1 + resends);
            }
            assertThat(count.keySet()).hasSize(BATCHES);
            assertThat(read).as("the log keeps the order batches were acknowledged in").isSortedAccordingTo(Integer::compare);
        }
    }
}
