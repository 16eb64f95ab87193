package jp.ami.journal.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.ami.journal.JournalSync;
import jp.ami.journal.JournalUnavailableException;
import jp.ami.journal.ReadingBatch;
import jp.ami.journal.ReadingLog;
import jp.ami.journal.ReadingLogAppender;
import jp.ami.journal.ReadingLogReader;
import jp.ami.journal.ReadingLogs;
import jp.ami.journal.SupplyPointKey;
import jp.ami.model.InvalidValueException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kafka journal against one real KRaft broker (a child JVM), shared by the tests. */
class KafkaJournalTest extends SharedBrokerTest {
    @BeforeAll
    static void createTopics() {
        kafka.createTopic("one", 1);
        kafka.createTopic("four", 4);
    }

    private static ReadingBatch batch(long firstMeter, int n, long seq) {
        ReadingBatch b = new ReadingBatch(n);
        b.source(2, 0xFFFF_FF00L + seq);
        for (int i = 0; i < n; i++) {
            b.add(firstMeter + i, 1_795_000_000L + seq * 1800, 4_294_967_295L - i, 1_795_000_123_456L + seq, 40,
                    0xFFFF_FFF0L + i, 0x02, 8, 1 + (i % 3), i % 2, i == 0 ? ReadingBatch.FLAG_RECOLLECTED : 0);
        }
        return b;
    }

    @Test
    void batches_appended_through_the_kafka_journal_read_back_in_order_with_the_same_bytes() {
        List<byte[]> written = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        try (ReadingLog log = ReadingLogs.open(kafka.journalUri("one", 0), JournalSync.NONE);
             ReadingLogAppender a = log.appender()) {
            assertThat(log).isInstanceOf(KafkaJournal.class);
            for (int k = 0; k < 50; k++) {
                ReadingBatch b = batch(1_000 + k * 10L, 1 + k % 7, k);
                written.add(b.toBytes());
                offsets.add(a.append(b));
            }
            assertThat(a.append(new ReadingBatch())).isEqualTo(-1);
            try (ReadingLogReader r = log.readerFromStart()) {
                ReadingBatch in = new ReadingBatch(1);
                for (int k = 0; k < 50; k++) {
                    next(r, in);
                    assertThat(in.documentIndex()).isEqualTo(offsets.get(k));
                    assertThat(in.toBytes()).isEqualTo(written.get(k));
                }
                assertThat(r.poll(in)).isFalse();
                // positions are offsets: back to the 10th document
                assertThat(r.moveToIndex(offsets.get(9))).isTrue();
                next(r, in);
                assertThat(in.toBytes()).isEqualTo(written.get(9));
                assertThat(r.moveToIndex(offsets.get(49) + 1)).isFalse();
                r.toStart();
                assertThat(r.index()).isEqualTo(offsets.get(0));
            }
        }
    }

    @Test
    void a_batch_is_split_by_supply_point_and_every_reading_lands_once_in_its_partition() {
        // meter 9001 replaced 5001: both are one supply point, keyed by the old meter
        SupplyPointKey key = m -> m == 9001 ? 5001 : m;
        Map<Long, Integer> seen = new HashMap<>();
        try (KafkaJournal log = KafkaJournal.open(kafka.journalUri("four", 0)); ReadingLogAppender a = log.appender(key)) {
            assertThat(log.partitions()).isEqualTo(4);
            ReadingBatch b = batch(5_000, 40, 1);
            b.add(9001, 1_795_003_600L, 7, 1_795_000_123_456L, 1, 1, 0x02, 8, 1, 0, 0);
            a.append(b);
            SupplyPointPartitions parts = new SupplyPointPartitions(key, 4);
            assertThat(parts.of(9001)).isEqualTo(parts.of(5001));
            for (int p = 0; p < 4; p++) {
                try (KafkaJournalReader r = KafkaJournal.open(kafka.journalUri("four", p)).readerFromStart()) {
                    ReadingBatch in = new ReadingBatch(1);
                    for (long end = kafka.endOffset("four", p); r.index() < end; ) {
                        next(r, in);
                        for (int i = 0; i < in.size(); i++) {
                            assertThat(parts.of(in.meterId(i))).isEqualTo(p);
                            assertThat(in.sourceId()).isEqualTo(0xFFFF_FF01L);
                            seen.merge(in.meterId(i), 1, Integer::sum);
                        }
                    }
                    assertThat(r.poll(in)).isFalse();
                }
            }
        }
        assertThat(seen).hasSize(41).allSatisfy((m, n) -> assertThat(n).isEqualTo(1));
    }

    /** Polls {@code r} until it returns a document (the fetch may take a few polls). */
    static void next(ReadingLogReader r, ReadingBatch into) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollDelay(java.time.Duration.ZERO)
                .pollInterval(java.time.Duration.ofMillis(1)).until(() -> r.poll(into));
    }

    @Test
    void a_missing_topic_a_missing_partition_and_a_bad_uri_are_one_clear_line() {
        assertThatThrownBy(() -> KafkaJournal.open(kafka.journalUri("nope", 0)))
                .isInstanceOf(JournalUnavailableException.class).hasMessageContaining("kafka topic nope does not exist on");
        assertThatThrownBy(() -> KafkaJournal.open(kafka.journalUri("one", 3)))
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessage("kafka topic one has 1 partitions; partition 3 does not exist");
        assertThatThrownBy(() -> KafkaLocation.parse("kafka://localhost/t"))
                .isInstanceOf(InvalidValueException.class).hasMessage("journal: \"localhost\" is not host:port");
        assertThatThrownBy(() -> KafkaLocation.parse("kafka://h:1/t?acks=1"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("is not a kafka journal parameter");
    }

    @Test
    void no_broker_listening_is_one_line_after_the_delivery_timeout() {
        int port = KafkaCluster.freePorts(1)[0];
        assertThatThrownBy(() -> KafkaJournal.open("kafka://127.0.0.1:" + port + "/one?deliveryTimeoutMs=1500"))
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessage("kafka at 127.0.0.1:" + port + " did not answer within 1500 ms");
    }
}
