package jp.ami.journal.kafka;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import jp.ami.journal.ReadingBatch;
import jp.ami.journal.ReadingLogReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one partition of the journal topic in offset order, assigned (no consumer group, nothing committed: the
 * MDMS's own snapshot and engine log say how far it is). Positions are Kafka offsets. Not thread-safe.
 */
public final class KafkaJournalReader implements ReadingLogReader {
    /** How long one {@link #poll} waits for the broker when nothing is buffered. */
    static final Duration POLL_WAIT = Duration.ofMillis(2);

    private final TopicPartition tp;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private Iterator<ConsumerRecord<byte[], byte[]>> buffered = java.util.Collections.emptyIterator();
    /** The next buffered record, taken out of {@link #buffered} by {@link #index()} ahead of time. */
    private ConsumerRecord<byte[], byte[]> peeked;

    KafkaJournalReader(KafkaLocation location) {
        this.tp = new TopicPartition(location.topic(), location.partition());
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, location.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ami-journal-reader-" + location.partition());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
    }

    @Override
    public boolean poll(ReadingBatch into) {
        ConsumerRecord<byte[], byte[]> r = next(POLL_WAIT);
        if (r == null) {
            into.clear();
            return false;
        }
        if (!into.readFrom(r.value())) {
            into.clear();
        }
        into.documentIndex(r.offset());
        return true;
    }

    private ConsumerRecord<byte[], byte[]> next(Duration wait) {
        if (peeked != null) {
            ConsumerRecord<byte[], byte[]> r = peeked;
            peeked = null;
            return r;
        }
        if (!buffered.hasNext()) {
            buffered = consumer.poll(wait).records(tp).iterator();
        }
        return buffered.hasNext() ? buffered.next() : null;
    }

    /** The offset of the next record this reader returns. */
    @Override
    public long index() {
        if (peeked == null && buffered.hasNext()) {
            peeked = buffered.next();
        }
        return peeked != null ? peeked.offset() : consumer.position(tp);
    }

    /** Seeks to {@code offset}; false when it is outside the partition's records. */
    @Override
    public boolean moveToIndex(long offset) {
        long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        if (offset < begin || offset >= end) {
            return false;
        }
        drop();
        consumer.seek(tp, offset);
        return true;
    }

    @Override
    public void toStart() {
        drop();
        consumer.seekToBeginning(List.of(tp));
    }

    private void drop() {
        peeked = null;
        buffered = java.util.Collections.emptyIterator();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
