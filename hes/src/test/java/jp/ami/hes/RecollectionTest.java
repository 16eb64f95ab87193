package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalTailer;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.CommPath;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.EchonetLite;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.recollect.RecollectRequest;
import jp.ami.service.testing.Closeables;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The re-collector against the ingest path, with a fake transport and a hand-driven clock; and the stats over HTTP. */
class RecollectionTest {
    /** Boundary B = 2026-11-22 10:00 JST; the slot it closes. */
    static final long B = Frames.READING_EPOCH;
    static final long SLOT = Slots.closedBy(B);

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.ofEpochSecond(B + 60));
    final RecordingSender sender = RecordingSender.twoConcentrators();
    final EnvelopeSealer sealer = new EnvelopeSealer(Frames.KEYS);
    Journal journal;
    IngestPath ingest;
    Recollector recollector;
    HesServer server;

    @AfterEach
    void tearDown() throws Exception {
        Closeables.closeAll(recollector, ingest, journal, server);
    }

    byte[] reading(long meter, long counter, long epochSecond, int esv) {
        MeterReading r = new MeterReading().set((int) counter, Direction.NORMAL, epochSecond, meter % 1000 + counter, 1, 6, 0x02);
        r.esv(esv);
        return sealer.seal(meter, counter, MeterReadingEncoder.toBytes(r));
    }

    byte[] getSna(long meter, long counter) {
        ByteBuffer b = ByteBuffer.allocate(16);
        MeterReadingEncoder.encodeGetSna((int) counter, EchonetLite.EPC_FIXED_TIME_NORMAL, b);
        return sealer.seal(meter, counter, java.util.Arrays.copyOf(b.array(), b.position()));
    }

    AckFrame ingest(long seq, byte[]... envelopes) {
        return ingest.ingest(ByteBuffer.wrap(Frames.batch(CommPath.PLC, seq, List.of(envelopes))), Transport.TCP);
    }

    static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
    }

    @Test
    void requests_missing_readings_by_route_journals_answers_once_and_counts_still_missing() {
        journal = Journal.open(dir.resolve("journal"));
        // meters 1000–1005 known; 1005 has never been heard from
        ingest = new IngestPath(MeterDirectory.range(1000, 6, 3), Frames.KEYS, journal, clock, new IngestStats(), 64, 16);
        recollector = new Recollector(ingest, clock, List.of(Duration.ofMinutes(10), Duration.ofMinutes(15)),
                Duration.ofMinutes(20), Map.of(CommPath.PLC, sender, CommPath.RELAY, sender), Duration.ofMillis(5));

        long prev = B - 1800;
        ingest(1, reading(1000, 1, prev, 0x73), reading(1001, 1, prev, 0x73), reading(1002, 1, prev, 0x73),
                reading(1003, 1, prev, 0x73), reading(1004, 1, prev, 0x73));
        ingest(2, reading(1000, 2, B, 0x73), reading(1001, 2, B, 0x73));
        assertThat(sender.sent).isEmpty();

        clock.setEpochSecond(B + 600);
        // the round's requests go out before its scan is counted: wait for both
        await(() -> sender.sent.stream().anyMatch(r -> r.boundaryEpochSeconds()[0] == B)
                && ingest.collection().slot(SLOT).expected() > 0);
        List<RecollectRequest> forB = sender.sent.stream().filter(r -> r.boundaryEpochSeconds()[0] == B).toList();
        // the routed meters go to their own source; the never-heard meter to every source with a session
        assertThat(forB).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo(CommPath.PLC);
            assertThat(r.sourceId()).isEqualTo(77);
            assertThat(r.meterIds()).containsExactly(1002, 1003, 1004);
        });
        assertThat(forB.stream().filter(r -> r.meterIds().length == 1 && r.meterIds()[0] == 1005)
                .map(RecollectRequest::sourceId)).containsExactlyInAnyOrder(77L, 78L);
        CollectionStats.SlotView afterRound1 = ingest.collection().slot(SLOT);
        assertThat(afterRound1.expected()).isEqualTo(6);
        assertThat(afterRound1.missing()).isEqualTo(4);
        assertThat(afterRound1.bySource().get("unrouted").expected()).isEqualTo(1);

        // answers: 1002 with Get_Res (twice: a resend), 1003 Get_SNA; then 1004's late push arrives after 1004's Get_Res
        AckFrame a = ingest(3, reading(1002, 2, B, 0x72), reading(1002, 2, B, 0x72), getSna(1003, 2),
                reading(1004, 3, B, 0x72), reading(1004, 2, B, 0x73));
        assertThat(a.accepted()).isEqualTo(2);
        assertThat(a.rejected()).isZero();
        assertThat(ingest.stats().getSnaAnswers()).isEqualTo(1);
        assertThat(ingest.stats().duplicateReadingsDropped()).isEqualTo(1);
        assertThat(ingest.stats().recollected(CommPath.PLC)).isEqualTo(2);

        clock.setEpochSecond(B + 1200);
        await(() -> ingest.collection().slot(SLOT).complete());
        CollectionStats.SlotView done = ingest.collection().slot(SLOT);
        assertThat(done.firstTry()).isEqualTo(2);
        assertThat(done.recovered()).isEqualTo(2);
        assertThat(done.missing()).isEqualTo(2);
        assertThat(done.getSna()).isEqualTo(1);
        assertThat(done.byPath().get("plc")).isEqualTo(new CollectionStats.Counts(5, 2, 2, 1));
        assertThat(done.byArea().get("03").expected()).isEqualTo(6);

        // the operator's worklist: 1003 (answered Get_SNA) last seen at the previous boundary, 1005 never
        assertThat(ingest.collection().newestComplete()).isEqualTo(SLOT);
        SilentMeters silent = ingest.silentMeters(1, 100).join();
        assertThat(silent.referenceSlot()).isEqualTo(SLOT);
        assertThat(silent.total()).isEqualTo(2);
        assertThat(silent.meters()).containsExactly(
                new SilentMeters.Meter(1003, "plc", "plc-77", SLOT - 1, Instant.ofEpochSecond(prev).toString()),
                new SilentMeters.Meter(1005, "unknown", "unrouted", -1, null));
        assertThat(ingest.silentMeters(2, 100).join().meters()).extracting(SilentMeters.Meter::meter).containsExactly(1005L);
        assertThat(ingest.silentMeters(1, 1).join()).satisfies(w -> {
            assertThat(w.total()).isEqualTo(2);
            assertThat(w.meters()).hasSize(1);
        });

        List<String> journaled = new ArrayList<>();
        ReadingBatch rb = new ReadingBatch();
        try (JournalTailer t = journal.tailerFromStart()) {
            while (t.poll(rb)) {
                for (int i = 0; i < rb.size(); i++) {
                    if (rb.readingEpochSecond(i) == B) {
                        journaled.add(rb.meterId(i) + ":" + rb.flags(i));
                    }
                }
            }
        }
        assertThat(journaled).containsExactly("1000:0", "1001:0", "1002:1", "1004:1");
    }

    @Test
    void after_a_meter_exchange_the_new_meter_is_expected_and_recollected_through_the_old_ones_route_never_the_old_one() {
        journal = Journal.open(dir.resolve("journal"));
        // meters 1000–1003; 1002 is exchanged for 2002 inside the slot B closes
        MeterDirectory directory = MeterDirectory.withExchanges(MeterDirectory.range(1000, 4, 3),
                List.of(new MeterExchange(1002, 2002, SLOT)));
        assertThat(directory.isKnown(2002)).isTrue();
        assertThat(directory.isKnown(2003)).isFalse();
        assertThat(directory.areaOf(2002)).isEqualTo(3);
        ingest = new IngestPath(directory, Frames.KEYS, journal, clock, new IngestStats(), 64, 16);
        recollector = new Recollector(ingest, clock, List.of(Duration.ofMinutes(10), Duration.ofMinutes(15)),
                Duration.ofMinutes(20), Map.of(CommPath.PLC, sender, CommPath.RELAY, sender), Duration.ofMillis(5));

        long prev = B - 1800;
        // the boundary before the exchange: the old meter reads, the new one does not exist yet
        ingest(1, reading(1000, 1, prev, 0x73), reading(1001, 1, prev, 0x73), reading(1002, 1, prev, 0x73),
                reading(1003, 1, prev, 0x73));
        // boundary B: 2002's first reading (and 1003's) lost
        ingest(2, reading(1000, 2, B, 0x73), reading(1001, 2, B, 0x73));

        clock.setEpochSecond(B + 600);
        // the round's requests go out before its scan is counted: wait for both
        await(() -> sender.sent.stream().anyMatch(r -> r.boundaryEpochSeconds()[0] == B)
                && ingest.collection().slot(SLOT).expected() > 0);
        List<RecollectRequest> forB = sender.sent.stream().filter(r -> r.boundaryEpochSeconds()[0] == B).toList();
        // one request, to the source the old meter was heard through: the new meter, never the removed one
        assertThat(forB).hasSize(1);
        assertThat(forB.get(0).sourceId()).isEqualTo(77);
        assertThat(forB.get(0).meterIds()).containsExactlyInAnyOrder(1003, 2002);
        assertThat(sender.sent.stream().filter(r -> r.boundaryEpochSeconds()[0] == prev)).isEmpty();
        CollectionStats.SlotView round1 = ingest.collection().slot(SLOT);
        assertThat(round1.expected()).isEqualTo(4);
        assertThat(round1.missing()).isEqualTo(2);
        assertThat(round1.bySource()).doesNotContainKey("unrouted");

        // the new meter answers with its own key and fresh counters
        AckFrame a = ingest(3, reading(2002, 1, B, 0x72), reading(1003, 2, B, 0x72));
        assertThat(a.accepted()).isEqualTo(2);
        assertThat(a.rejected()).isZero();
        clock.setEpochSecond(B + 1200);
        await(() -> ingest.collection().slot(SLOT).complete() && ingest.collection().slot(SLOT - 1).complete());
        CollectionStats.SlotView done = ingest.collection().slot(SLOT);
        assertThat(done.expected()).isEqualTo(4);
        assertThat(done.recovered()).isEqualTo(2);
        assertThat(done.missing()).isZero();
        // the boundary before the exchange still expects the old meter, which did read it
        CollectionStats.SlotView before = ingest.collection().slot(SLOT - 1);
        assertThat(before.expected()).isEqualTo(4);
        assertThat(before.missing()).isZero();
    }

    @Test
    void reads_the_exchanges_csv_the_mdms_reads() throws Exception {
        Path f = dir.resolve("meter-exchanges.csv");
        java.nio.file.Files.writeString(f, MeterExchange.HEADER + "\n0310111001234567890000,100001,12345,200001,0,2026-11-22T01:10:00+09:00\n\n");
        List<MeterExchange> x = MeterExchange.load(f);
        assertThat(x).containsExactly(new MeterExchange(100001, 200001,
                Slots.containing(java.time.OffsetDateTime.parse("2026-11-22T01:10:00+09:00").toEpochSecond())));
        assertThat(x.get(0).meterAt(x.get(0).slotIndex() - 1)).isEqualTo(100001);
        assertThat(x.get(0).meterAt(x.get(0).slotIndex())).isEqualTo(200001);
        HesConfig c = HesConfig.defaults(dir.resolve("j"), Frames.MASTER_KEY).withMeters(100000, 10).withExchanges(x);
        assertThat(c.meters().isKnown(200001)).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HesConfig.defaults(dir.resolve("j"), Frames.MASTER_KEY)
                .withMeters(100000, 10).withExchanges(List.of(new MeterExchange(100001, 100002, 1))))
                .isInstanceOf(jp.ami.model.InvalidValueException.class).hasMessageContaining("already known");
    }

    @Test
    void rejects_a_reading_older_than_the_window_even_for_an_unknown_state_meter() {
        journal = Journal.open(dir.resolve("journal"));
        ingest = new IngestPath(MeterDirectory.range(1000, 6, 3), Frames.KEYS, journal, clock, new IngestStats(), 64, 16);
        AckFrame a = ingest(1, reading(1000, 1, B - 86_400, 0x73));
        assertThat(a.rejected()).isEqualTo(1);
        assertThat(ingest.stats().rejected(RejectReason.TOO_OLD)).isEqualTo(1);
    }

    @Test
    void serves_collection_statistics_as_json() throws Exception {
        HesConfig config = HesConfig.defaults(dir.resolve("journal2"), Frames.MASTER_KEY).withPorts(0, 0).withMeters(1000, 6);
        server = HesServer.start(config, clock);
        server.ingest().ingest(ByteBuffer.wrap(Frames.batch(CommPath.PLC, 1,
                List.of(reading(1000, 1, B, 0x73), reading(1001, 1, B, 0x72)))), Transport.TCP);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> one = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/stats/collection?slot=" + SLOT)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(one.body()).contains("\"slotIndex\":" + SLOT, "\"firstTry\":1", "\"recovered\":1", "\"plc-77\"");
        HttpResponse<String> all = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/stats/collection")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(all.body()).startsWith("{\"slots\":[");
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/stats/collection?slot=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(404);
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/stats/collection?slot=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> ingestStats = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/stats/ingest")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ingestStats.body()).contains("\"recollected\":{", "\"rejected\":{");
        HttpResponse<String> silent = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/stats/silent?slots=2")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(silent.statusCode()).isEqualTo(200);
        assertThat(silent.body()).isEqualTo("{\"referenceSlot\":-1,\"reference\":null,\"slots\":2,\"total\":0,\"meters\":[]}");
        for (String badQuery : List.of("slots=0", "slots=32", "slots=x", "limit=10001", "slots=1&slots=2")) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/stats/silent?" + badQuery)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(badQuery).isEqualTo(400);
        }
    }
}
