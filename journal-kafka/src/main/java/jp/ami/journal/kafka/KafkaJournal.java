package jp.ami.journal.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.ami.journal.JournalUnavailableException;
import jp.ami.journal.ReadingLog;
import jp.ami.journal.SupplyPointKey;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The reading journal on a Kafka topic. Appends go to the partition of each reading's supply point (one record per
 * partition a batch touches, idempotent producer, {@code acks=all}), and return only when the brokers have them. A
 * reader consumes one partition ({@link KafkaLocation#partition()}) from its first offset: offsets are its positions, and
 * a partition is the one total order an MDMS shard applies.
 *
 * <p>Opening checks that the brokers answer and that the topic and the reader's partition exist; failures are one
 * {@link JournalUnavailableException} line. The topic must keep its records (retention {@code -1}): the MDMS replays it
 * from the start on every restart.
 */
public final class KafkaJournal implements ReadingLog {
    /** How long opening waits at most for the brokers' answer about the topic (less when the delivery timeout is shorter). */
    static final long OPEN_TIMEOUT_MS = 10_000;

    private final KafkaLocation location;
    private final int partitions;

    private KafkaJournal(KafkaLocation location, int partitions) {
        this.location = location;
        this.partitions = partitions;
    }

    /** Opens the journal at {@code location}, checking the topic (see the class comment). */
    public static KafkaJournal open(KafkaLocation location) {
        int timeout = (int) Math.min(OPEN_TIMEOUT_MS, location.deliveryTimeoutMs());
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, location.bootstrap());
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        try (Admin admin = Admin.create(p)) {
            Map<String, TopicDescription> d = admin.describeTopics(List.of(location.topic())).allTopicNames()
                    .get(timeout, TimeUnit.MILLISECONDS);
            int n = d.get(location.topic()).partitions().size();
            if (location.partition() >= n) {
                throw new JournalUnavailableException("kafka topic " + location.topic() + " has " + n
                        + " partitions; partition " + location.partition() + " does not exist", null);
            }
            return new KafkaJournal(location, n);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new JournalUnavailableException("kafka at " + location.bootstrap() + " did not answer within "
                        + timeout + " ms", null);
            }
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new JournalUnavailableException("kafka topic " + location.topic() + " does not exist on "
                        + location.bootstrap() + " (create it: one partition per MDMS shard, replication 3, "
                        + "min.insync.replicas=2, retention.ms=-1)", null);
            }
            throw new JournalUnavailableException("kafka at " + location.bootstrap() + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new JournalUnavailableException("kafka at " + location.bootstrap() + " did not answer within "
                    + timeout + " ms", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalUnavailableException("interrupted while opening kafka journal " + location.uri(), e);
        }
    }

    /** Opens {@code kafka://…} (see {@link KafkaLocation#parse}). */
    public static KafkaJournal open(String uri) {
        return open(KafkaLocation.parse(uri));
    }

    public KafkaLocation kafkaLocation() {
        return location;
    }

    /** Partitions of the topic when it was opened. */
    public int partitions() {
        return partitions;
    }

    @Override
    public KafkaJournalAppender appender(SupplyPointKey key) {
        return new KafkaJournalAppender(location, new SupplyPointPartitions(key, partitions));
    }

    @Override
    public KafkaJournalReader readerFromStart() {
        return new KafkaJournalReader(location);
    }

    @Override
    public String location() {
        return location.uri();
    }

    /** Nothing to close: every appender and reader owns its client. */
    /** A poll over the network may come back empty while the consumer fetches. */
    @Override
    public java.time.Duration fetchPatience() {
        return java.time.Duration.ofSeconds(30);
    }

    @Override
    public void close() {
    }
}
