package jp.ami.journal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesServer;
import jp.ami.hes.Transport;
import jp.ami.mdms.Fixtures;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.MdmsServer;
import jp.ami.mdms.outbox.OutboxFile;
import jp.ami.model.CommPath;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import jp.ami.protocol.batch.BatchFrame;
import jp.ami.protocol.batch.BatchWriter;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HES → Kafka → MDMS against a real broker, and the same frames HES → Chronicle → MDMS: the head-end acknowledges
 * the same batches, and the MDMS finalises the same values and publishes the same W4 files on both paths.
 */
class KafkaEndToEndTest extends SharedBrokerTest {
    private static final byte[] MASTER_KEY = java.util.HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final int POINTS = 6;
    private static final long FIRST_METER = 1000;
    /** Slots 2–5 of 2026-11-22: boundaries from the start of slot 2 to the end of slot 5. */
    private static final long FIRST_SLOT = Slots.index(LocalDate.of(2026, 11, 22), 2);
    private static final int SLOTS = 4;

    @BeforeAll
    static void createTopic() {
        kafka.createTopic("e2e", 1);
    }

    /** What the MDMS produced: values per slot, and each retailer's published files (name → bytes). */
    record Outcome(Map<Long, List<String>> values, Map<String, byte[]> files) {
    }

    @Test
    void the_kafka_journal_gives_the_mdms_the_same_values_and_files_as_the_chronicle_journal() throws Exception {
        Outcome chronicle = run(dir.resolve("chronicle"), null);
        Outcome viaKafka = run(dir.resolve("kafka-run"), kafka.journalUri("e2e", 0));
        assertThat(kafka.endOffset("e2e", 0)).as("one record per acknowledged batch").isEqualTo(2L * (SLOTS + 1));
        assertThat(chronicle.values()).hasSize(SLOTS).allSatisfy((slot, rows) -> assertThat(rows).hasSize(POINTS));
        assertThat(viaKafka.values()).isEqualTo(chronicle.values());
        assertThat(chronicle.files()).isNotEmpty();
        assertThat(viaKafka.files().keySet()).isEqualTo(chronicle.files().keySet());
        viaKafka.files().forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(chronicle.files().get(name)));
    }

    @Test
    void a_batch_kafka_does_not_take_is_answered_overloaded_retry_counted_and_not_acknowledged() throws Exception {
        try (KafkaCluster own = KafkaCluster.start(1, dir.resolve("kafka-down"))) {
            own.createTopic("down", 1);
            HesConfig hesConfig = HesConfig.builder(dir.resolve("down"), MASTER_KEY)
                    .journalUri(own.journalUri("down", 0) + "&deliveryTimeoutMs=1500")
                    .tcpPort(0).coapPort(0).httpPort(0).firstMeterId(FIRST_METER).meterCount(POINTS)
                    .recollectRounds(List.of()).bulkPullAt(null).build();
            long boundary = Slots.startEpochSecond(FIRST_SLOT);
            ManualClock clock = ManualClock.atEpochSecond(boundary + 60);
            try (HesServer hes = HesServer.start(hesConfig, clock)) {
                assertThat(hes.ingest().ingest(ByteBuffer.wrap(frame(0, 0, boundary)), Transport.TCP).status())
                        .isEqualTo(AckStatus.JOURNALED);
                assertThat(own.endOffset("down", 0)).isEqualTo(1);
                own.kill(1); // SIGKILL: the only broker is gone
                AckFrame ack = hes.ingest().ingest(ByteBuffer.wrap(frame(0, 1, boundary)), Transport.TCP);
                assertThat(ack.status()).isEqualTo(AckStatus.OVERLOADED_RETRY);
                assertThat(hes.stats().journalUnavailableBatches()).isEqualTo(1);
                // the head-end forgot the refused batch's readings: the meters' resend is checked afresh, refused again
                assertThat(hes.ingest().ingest(ByteBuffer.wrap(frame(0, 1, boundary)), Transport.TCP).status())
                        .isEqualTo(AckStatus.OVERLOADED_RETRY);
                assertThat(hes.stats().journalUnavailableBatches()).isEqualTo(2);
            }
        }
    }

    /** The batch of concentrator {@code half} (0 or 1) for boundary {@code k} at {@code boundary}. */
    private static byte[] frame(int k, int half, long boundary) {
        EnvelopeSealer sealer = new EnvelopeSealer(new MeterKeys(MASTER_KEY));
        MeterReading reading = new MeterReading();
        ByteBuffer buf = ByteBuffer.allocate(BatchFrame.MAX_BYTES);
        BatchWriter w = new BatchWriter().begin(buf, CommPath.PLC, 70 + half, k * 2L + half);
        for (int i = half; i < POINTS; i += 2) {
            long register = 10_000 + i * 100 + k * (5 + i);
            reading.set(k, Direction.NORMAL, boundary, register, 1, 6, 0x02);
            w.add(sealer.seal(FIRST_METER + i, k + 1, MeterReadingEncoder.toBytes(reading)));
        }
        return java.util.Arrays.copyOf(buf.array(), w.finish());
    }

    /** Ingests the frames through a head-end on {@code journalUri} (null: Chronicle in the run's directory), then runs the MDMS on it. */
    private Outcome run(Path base, String journalUri) throws Exception {
        Files.createDirectories(base);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            rows.add(Fixtures.masterRow(i, FIRST_METER + i, i % 2 == 0 ? "R0001" : "R0002", 40));
        }
        MdmsConfig mdmsConfig = Fixtures.serverConfig(base, rows);
        if (journalUri != null) {
            mdmsConfig = mdmsConfig.toBuilder().journalUri(journalUri).build();
        }
        HesConfig hesConfig = HesConfig.builder(mdmsConfig.journalDir(), MASTER_KEY).journalUri(journalUri)
                .tcpPort(0).coapPort(0).httpPort(0).firstMeterId(FIRST_METER).meterCount(POINTS)
                .recollectRounds(List.of()).bulkPullAt(null).build();
        ManualClock hesClock = new ManualClock(Slots.start(FIRST_SLOT));
        try (HesServer hes = HesServer.start(hesConfig, hesClock)) {
            for (int k = 0; k <= SLOTS; k++) {
                long boundary = Slots.startEpochSecond(FIRST_SLOT) + 1800L * k;
                hesClock.setEpochSecond(boundary + 60);
                for (int half = 0; half < 2; half++) { // two concentrators, a batch each per boundary
                    AckFrame ack = hes.ingest().ingest(ByteBuffer.wrap(frame(k, half, boundary)), Transport.TCP);
                    assertThat(ack.status()).as("boundary %d half %d", k, half).isEqualTo(AckStatus.JOURNALED);
                    assertThat(ack.accepted()).isEqualTo(POINTS / 2);
                }
            }
        }
        ManualClock mdmsClock = new ManualClock(Slots.end(FIRST_SLOT + SLOTS - 1).plus(mdmsConfig.cutoff()).plusSeconds(60));
        try (MdmsServer mdms = new MdmsServer(mdmsConfig, mdmsClock)) {
            Fixtures.await("slots finalised", () -> mdms.stats().slotsFinalized() >= SLOTS, Duration.ofSeconds(60));
            Map<Long, List<String>> values = new TreeMap<>();
            for (long s = FIRST_SLOT; s < FIRST_SLOT + SLOTS; s++) {
                assertThat(mdms.store().awaitVisible(s, POINTS, Duration.ofSeconds(30))).isTrue();
                values.put(s, mdms.store().read(s).stream().map(v -> v.supplyPointId() + " " + v.valueUnits() + " " + v.status())
                        .sorted().toList());
            }
            Map<String, byte[]> files = new TreeMap<>();
            for (String retailer : List.of("R0001", "R0002")) {
                for (OutboxFile f : mdms.outbox().list(retailer)) {
                    files.put(retailer + "/" + f.name(), Files.readAllBytes(f.path()));
                }
            }
            return new Outcome(values, files);
        }
    }
}
