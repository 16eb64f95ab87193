package jp.ami.journal.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import jp.ami.journal.JournalUnavailableException;
import jp.ami.journal.ReadingBatch;
import jp.ami.journal.ReadingLogAppender;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * Appends reading batches to a Kafka topic: the batch is split by the partition of each reading's supply point, one
 * record per partition touched (the record's key is the supply-point key of its first reading), sent by an idempotent
 * producer with {@code acks=all}, and {@link #append} returns only after every record's send completed — so the
 * head-end's ack covers only readings the in-sync replicas have. Broker-side retries (a leader moving) are the
 * producer's, without duplicates; a send that still fails within {@link KafkaLocation#deliveryTimeoutMs()} raises
 * {@link JournalUnavailableException} (the head-end answers "retry"; the parts already sent may then be in the log
 * twice after the meter's resend, which the MDMS's per-slot upsert absorbs). Not thread-safe.
 */
public final class KafkaJournalAppender implements ReadingLogAppender {
    private final KafkaLocation location;
    private final SupplyPointPartitions partitions;
    private final KafkaProducer<Long, byte[]> producer;
    /** One reusable sub-batch per partition. */
    private final ReadingBatch[] parts;
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();

    KafkaJournalAppender(KafkaLocation location, SupplyPointPartitions partitions) {
        this.location = location;
        this.partitions = partitions;
        this.producer = new KafkaProducer<>(producerConfig(location), new LongSerializer(), new ByteArraySerializer());
        this.parts = new ReadingBatch[partitions.count()];
    }

    static Properties producerConfig(KafkaLocation location) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, location.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // the ack waits for the send: do not wait for more records
        int delivery = location.deliveryTimeoutMs();
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, delivery / 3));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(500, delivery / 3)); // metadata wait when no broker answers
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ami-journal-producer");
        return p;
    }

    /**
     * Sends the batch and waits for every part; returns the offset of the first part's record, -1 for an empty batch.
     *
     * @throws JournalUnavailableException when a part was not taken within the delivery timeout
     */
    @Override
    public long append(ReadingBatch batch) {
        if (batch.isEmpty()) {
            return -1;
        }
        sent.clear();
        try {
            if (partitions.count() == 1) {
                send(0, batch);
            } else {
                split(batch);
            }
            long first = -1;
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get();
                if (first < 0) {
                    first = m.offset();
                }
            }
            return first;
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (KafkaException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalUnavailableException("interrupted while waiting for kafka " + location.uri(), e);
        }
    }

    private void split(ReadingBatch batch) {
        for (ReadingBatch p : parts) {
            if (p != null) {
                p.clear();
            }
        }
        for (int i = 0, n = batch.size(); i < n; i++) {
            int p = partitions.of(batch.meterId(i));
            if (parts[p] == null) {
                parts[p] = new ReadingBatch(64);
            }
            if (parts[p].isEmpty()) {
                parts[p].source(batch.sourcePath(), batch.sourceId());
            }
            parts[p].addFrom(batch, i);
        }
        for (int p = 0; p < parts.length; p++) {
            if (parts[p] != null && !parts[p].isEmpty()) {
                send(p, parts[p]);
            }
        }
    }

    private void send(int partition, ReadingBatch part) {
        long key = partitions.keyOf(part.meterId(0)); // the record key is a supply point's, as the partition is
        sent.add(producer.send(new ProducerRecord<>(location.topic(), partition, key, part.toBytes())));
    }

    private JournalUnavailableException unavailable(Throwable cause) {
        return new JournalUnavailableException("kafka " + location.bootstrap() + " topic " + location.topic()
                + " did not take the batch: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
