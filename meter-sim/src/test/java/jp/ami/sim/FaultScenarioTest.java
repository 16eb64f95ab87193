package jp.ami.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.ami.hes.CollectionStats;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesServer;
import jp.ami.hes.RejectReason;
import jp.ami.hes.Transport;
import jp.ami.journal.JournalTailer;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slots;
import jp.ami.protocol.envelope.MeterKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulator with faults against a real head-end (Netty TCP, Californium CoAP, Chronicle journal), once per
 * transport: TCP carries PLC and 1:N relay meters, CoAP carries Wi-SUN meters. Each run covers the opening
 * boundary and one slot on a fast simulated clock, through both re-collection rounds and the final scan.
 */
class FaultScenarioTest {
    static final byte[] MASTER_KEY = java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    static final int METERS = 400;
    static final long SPEED = 900;

    @TempDir
    Path dir;

    HesServer hes;
    BatchTransport tcp;
    BatchTransport coap;
    MeterSimulator sim;
    SimConfig config;
    long first;

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
        if (tcp != null) {
            tcp.close();
        }
        if (coap != null) {
            coap.close();
        }
        if (hes != null) {
            hes.close();
        }
    }

    static SimConfig configFor(Transport transport) {
        return transport == Transport.TCP
                ? new SimConfig(METERS, 7L, 5_000_001L, 3, SimConfig.DEFAULT_RETAILERS, 0, 500, 500, 60, 60, 100)
                : new SimConfig(METERS, 7L, 5_000_001L, 3, SimConfig.DEFAULT_RETAILERS, 1000, 0, 100, 100, 100, 100);
    }

    /** Runs the opening boundary and one slot; returns when the head-end's final scan of both is done. */
    void run(Transport transport, FaultConfig faults) throws Exception {
        config = configFor(transport);
        first = Slots.index(LocalDate.of(2026, 11, 22), 21);
        SimulatedClock clock = SimulatedClock.paused(Slots.start(first), SPEED);
        HesConfig hc = HesConfig.builder(dir.resolve("journal"), MASTER_KEY).tcpPort(0).coapPort(0).httpPort(0)
                .firstMeterId(config.firstMeterId()).meterCount(METERS).recollectPoll(Duration.ofMillis(20)).build();
        MeterPopulation population = new MeterPopulation(config);
        if (faults.exchange() > 0) {
            // planned before the run and handed to the head-end through the CSV the MDMS reads too
            population.planExchanges(faults.exchange(), first, 1);
            Path csv = dir.resolve("meter-exchanges.csv");
            population.writeExchanges(csv);
            hc = hc.withExchanges(jp.ami.hes.MeterExchange.load(csv));
        }
        hes = HesServer.start(hc, clock);
        InetAddress lo = InetAddress.getLoopbackAddress();
        tcp = new TcpBatchClient(new InetSocketAddress(lo, hes.tcpPort()), 5_000);
        coap = new CoapBatchClient(new InetSocketAddress(lo, hes.coapPort()), 5_000);
        sim = new MeterSimulator(population, new MeterKeys(MASTER_KEY), tcp, coap, clock,
                ArrivalDelays.defaults(config.seed()), faults);
        clock.start();
        CompletableFuture<Void> opening = sim.sendOpeningReadings(first);
        CompletableFuture<Void> slot = sim.sendSlot(first);
        opening.get(30, TimeUnit.SECONDS);
        slot.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> complete(first - 1) && complete(first));
    }

    boolean complete(long slotIndex) {
        CollectionStats.SlotView v = hes.collection().slot(slotIndex);
        return v != null && v.complete();
    }

    /** (meter, boundary epoch second) → {register, flags, count} of boundary-stamped 0xEA journal records. */
    Map<String, long[]> journalByReading() {
        Map<String, long[]> out = new HashMap<>();
        ReadingBatch b = new ReadingBatch();
        try (JournalTailer t = hes.journal().tailerFromStart()) {
            while (t.poll(b)) {
                for (int i = 0; i < b.size(); i++) {
                    if (Slots.isBoundary(b.readingEpochSecond(i)) && b.direction(i) == ReadingBatch.DIRECTION_NORMAL) {
                        long[] v = out.computeIfAbsent(b.meterId(i) + "@" + b.readingEpochSecond(i), k -> new long[3]);
                        v[0] = b.register(i);
                        v[1] = b.flags(i);
                        v[2]++;
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void faults_are_absorbed_and_every_lost_reading_of_a_reachable_source_is_recollected_exactly_once(Transport transport)
            throws Exception {
        FaultConfig faults = new FaultConfig(0.05, 0.05, 0.05, 0.03, 0.01, 0.01, 0.01, 0.01, 0.01, 0, 0.2, 0);
        run(transport, faults);

        Map<String, long[]> journal = journalByReading();
        MeterPopulation truth = new MeterPopulation(config);
        LoadProfile profile = new LoadProfile(config.seed(), truth);
        FaultDraws draws = new FaultDraws(config.seed(), faults);
        long recovered = 0;
        long[] down = new long[2]; // meters whose source was down at the opening / closing boundary
        for (int i = 0; i < METERS; i++) {
            long meter = truth.meterId(i);
            long[][] readings = {journal.get(meter + "@" + Slots.startEpochSecond(first)),
                    journal.get(meter + "@" + Slots.endEpochSecond(first))};
            long[] expected = {truth.registerAt(i, 0), truth.registerAt(i, profile.importUnits(i, first))};
            for (int b = 0; b < 2; b++) {
                if (draws.outage(truth.path(i), truth.source(i), first - 1 + b)) {
                    // the source stays down through both re-collection rounds: only the next day's bulk pull gets it
                    assertThat(readings[b]).as("meter %d boundary %d behind a source outage", meter, b).isNull();
                    down[b]++;
                    continue;
                }
                assertThat(readings[b]).as("meter %d boundary %d reading", meter, b).isNotNull();
                assertThat(readings[b][2]).as("journaled once").isEqualTo(1);
                assertThat(readings[b][0]).isEqualTo(expected[b]);
                recovered += readings[b][1] & ReadingBatch.FLAG_RECOLLECTED;
            }
        }
        assertThat(down[0] + down[1]).as("meters behind an outage").isPositive();
        assertThat(journal).hasSize(2 * METERS - (int) (down[0] + down[1]));

        SimStats s = sim.stats();
        assertThat(s.faults("loss")).isPositive();
        assertThat(s.faults("dup")).isPositive();
        assertThat(s.faults("late")).isPositive();
        assertThat(s.faults("tamper") + s.faults("corrupt")).isPositive();
        assertThat(s.faults("replay")).isPositive();
        assertThat(s.faults("outage")).isPositive();
        assertThat(recovered).isPositive().isEqualTo(hes.stats().recollected(transport == Transport.TCP
                ? jp.ami.model.CommPath.PLC : jp.ami.model.CommPath.WISUN)
                + hes.stats().recollected(jp.ami.model.CommPath.RELAY));
        assertThat(hes.stats().rejected(RejectReason.STALE_COUNTER) + hes.stats().rejected(RejectReason.TOO_OLD))
                .isEqualTo(s.faults("replay"));
        assertThat(hes.stats().rejected(RejectReason.UNKNOWN_METER)).isGreaterThanOrEqualTo(s.faults("unknown_meter"));
        assertThat(hes.stats().rejected(RejectReason.BAD_TAG)).isGreaterThanOrEqualTo(s.faults("tamper") + s.faults("wrong_key"));
        assertThat(hes.stats().duplicateReadingsDropped()).isGreaterThanOrEqualTo(s.faults("late"));

        for (int b = 0; b < 2; b++) {
            CollectionStats.SlotView v = hes.collection().slot(first - 1 + b);
            assertThat(v.expected()).isEqualTo(METERS);
            assertThat(v.missing()).as("missing at boundary %d: exactly the meters behind an outage", b).isEqualTo(down[b]);
            assertThat(v.firstTry() + v.recovered() + v.missing()).isEqualTo(METERS);
            assertThat(v.rounds()).isGreaterThanOrEqualTo(1);
            assertThat(v.byArea()).containsKey("03");
            assertThat(v.byArea().get("03").expected()).isEqualTo(METERS);
        }
        assertThat(hes.collection().slot(first).recovered()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void exchanged_meters_read_from_the_new_meter_and_its_lost_readings_are_recollected_from_it(Transport transport) throws Exception {
        run(transport, new FaultConfig(0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.2));

        Map<String, long[]> journal = journalByReading();
        MeterPopulation truth = new MeterPopulation(config);
        LoadProfile profile = new LoadProfile(config.seed(), truth);
        MeterExchanges x = sim.meters().exchanges();
        assertThat(x.size()).isBetween(METERS / 10, METERS * 3 / 10);
        long recoveredFromNew = 0;
        for (int i = 0; i < METERS; i++) {
            long old = truth.meterId(i);
            int e = x.indexOfPoint(i);
            long closingMeter = e < 0 ? old : x.newMeterId(e);
            long[] opening = journal.get(old + "@" + Slots.startEpochSecond(first));
            long[] closing = journal.get(closingMeter + "@" + Slots.endEpochSecond(first));
            assertThat(opening).as("point %d opening reading from %d", i, old).isNotNull();
            assertThat(closing).as("point %d closing reading from %d", i, closingMeter).isNotNull();
            assertThat(opening[0]).isEqualTo(truth.registerAt(i, 0));
            long energy = profile.importUnits(i, first);
            if (e < 0) {
                assertThat(closing[0]).isEqualTo(truth.registerAt(i, energy));
            } else {
                long step = (long) jp.ami.model.EnergyUnit.ofCode(truth.unitCode(i)).unitsPerStep() * truth.coefficient(i);
                long offset = x.atEpochSecond(e) - Slots.startEpochSecond(first);
                long atExchange = energy * offset / Slots.SECONDS_PER_SLOT;
                assertThat(x.slot(e)).isEqualTo(first);
                assertThat(offset).isBetween(1200L, 1740L);
                assertThat(x.oldFinal(e)).isEqualTo(truth.registerAt(i, atExchange));
                assertThat(closing[0]).as("new meter register of point %d", i)
                        .isEqualTo(((energy - atExchange) / step + x.newInitial(e)) % jp.ami.model.Registers.modulus(truth.digits(i)));
                assertThat(x.newMeterId(e)).isEqualTo(config.firstMeterId() + METERS + e);
                assertThat(sim.meters().indexOf(x.newMeterId(e))).isEqualTo(i);
                recoveredFromNew += closing[1] & ReadingBatch.FLAG_RECOLLECTED;
            }
        }
        assertThat(journal).hasSize(2 * METERS);
        assertThat(recoveredFromNew).as("lost readings of new meters re-collected from them").isPositive();
        assertThat(sim.stats().faults("exchange")).isEqualTo(x.size());
        assertThat(sim.stats().recollectGetSna()).as("no removed meter asked").isZero();
        assertThat(hes.stats().rejected(RejectReason.UNKNOWN_METER)).isZero();
        assertThat(hes.stats().rejected(RejectReason.BAD_TAG)).isZero();
        for (long slot : List.of(first - 1, first)) {
            CollectionStats.SlotView v = hes.collection().slot(slot);
            assertThat(v.expected()).isEqualTo(METERS);
            assertThat(v.missing()).isZero();
            // a new meter not heard from yet is counted (and asked for) through the old meter's source
            assertThat(v.bySource().getOrDefault("unrouted", new CollectionStats.Counts(0, 0, 0, 0)).expected()).isZero();
        }
        // PV meters' export (0xEB) registers: a new meter's starts fresh at the exchange
        assertThat(hes.stats().exportReadingsJournaled()).isEqualTo(2 * java.util.stream.IntStream.range(0, METERS)
                .filter(i -> truth.pvWatts(i) > 0).count());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void tampered_and_replayed_frames_are_rejected_and_counted(Transport transport) throws Exception {
        run(transport, new FaultConfig(0, 0, 0, 0, 0, 0.05, 0.05, 0, 0.02, 0, 0, 0));
        SimStats s = sim.stats();
        assertThat(s.faults("tamper")).isPositive();
        assertThat(s.faults("replay")).isPositive();
        assertThat(hes.stats().rejected(RejectReason.BAD_TAG)).isEqualTo(s.faults("tamper") + s.faults("wrong_key"));
        assertThat(hes.stats().rejected(RejectReason.STALE_COUNTER) + hes.stats().rejected(RejectReason.TOO_OLD))
                .isEqualTo(s.faults("replay"));
        // the tampered readings were recovered by re-collection; nothing is missing
        assertThat(hes.collection().slot(first).missing()).isZero();
        assertThat(hes.collection().slot(first - 1).recovered() + hes.collection().slot(first).recovered())
                .isEqualTo(s.faults("tamper"));
        assertThat(journalByReading()).hasSize(2 * METERS).allSatisfy((k, v) -> assertThat(v[2]).isEqualTo(1));
        // PV meters' 0xEB readings travel alongside, once per boundary, and are not counted as collection
        long pvMeters = java.util.stream.IntStream.range(0, METERS).filter(i -> sim.meters().pvWatts(i) > 0).count();
        assertThat(pvMeters).isPositive();
        assertThat(hes.stats().exportReadingsJournaled()).isEqualTo(2 * pvMeters);
    }

    @Test
    void many_slots_built_ahead_keep_frame_counters_inside_the_replay_window() throws Exception {
        // as the demo does: every slot's frames are built at once; re-collection answers must not jump the
        // meter's counter past frames still to come
        config = configFor(Transport.TCP);
        int slots = 20;
        first = Slots.index(LocalDate.of(2026, 11, 22), 17);
        SimulatedClock clock = SimulatedClock.paused(Slots.start(first), 4 * SPEED);
        hes = HesServer.start(HesConfig.builder(dir.resolve("journal"), MASTER_KEY).tcpPort(0).coapPort(0).httpPort(0)
                .firstMeterId(config.firstMeterId()).meterCount(METERS).recollectPoll(Duration.ofMillis(10)).build(), clock);
        tcp = new TcpBatchClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), hes.tcpPort()), 5_000);
        sim = new MeterSimulator(new MeterPopulation(config), new MeterKeys(MASTER_KEY), tcp, tcp, clock,
                ArrivalDelays.defaults(config.seed()), new FaultConfig(0.05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        clock.start();
        List<CompletableFuture<Void>> sends = new java.util.ArrayList<>();
        sends.add(sim.sendOpeningReadings(first));
        for (long s = first; s < first + slots; s++) {
            sends.add(sim.sendSlot(s));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> complete(first + slots - 1));
        assertThat(hes.stats().rejected(RejectReason.STALE_COUNTER)).isZero();
        assertThat(hes.stats().recollected(jp.ami.model.CommPath.PLC) + hes.stats().recollected(jp.ami.model.CommPath.RELAY))
                .isEqualTo(sim.stats().faults("loss")).isPositive();
        assertThat(journalByReading()).hasSize((slots + 1) * METERS);
    }

    @Test
    void command_line_flags_make_the_fault_config() {
        SimCommand c = new SimCommand();
        new picocli.CommandLine(c).parseArgs("--loss", "0.02", "--dup", "0.01", "--reorder", "0.01", "--tamper", "0.001",
                "--replay", "0.001", "--outage", "0.001", "--late", "0.5", "--unreachable", "1", "--exchange", "0.01");
        assertThat(c.faults()).isEqualTo(new FaultConfig(0.02, 0.01, 0.01, 0.5, 0, 0.001, 0.001, 0, 0, 0, 0.001, 1, 0.01));
        assertThat(new picocli.CommandLine(new SimCommand()).execute("--loss", "1.5", "--dry-run", "--meters", "1"))
                .isNotZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void unreachable_meters_answer_get_sna_and_stay_missing(Transport transport) throws Exception {
        run(transport, new FaultConfig(0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0));
        long lost = sim.stats().faults("loss");
        assertThat(lost).isPositive();
        long missing = hes.collection().slot(first - 1).missing() + hes.collection().slot(first).missing();
        assertThat(missing).isEqualTo(lost);
        assertThat(hes.stats().getSnaAnswers()).isPositive();
        assertThat(sim.stats().recollectGetRes()).isZero();
        assertThat(journalByReading()).hasSize((int) (2 * METERS - lost));
    }
}
