package jp.ami.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jp.ami.hes.HesServer;
import jp.ami.hes.IngestStats;
import jp.ami.hes.RejectReason;
import jp.ami.hes.Transport;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.CommPath;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slots;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.recollect.RecollectRequest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The next-day bulk pull fills a night-long outage: the simulator against a real head-end (Netty TCP, Californium
 * CoAP, Chronicle journal), once per transport, on a fast simulated clock from 21:00 JST. One source (the first
 * meter's concentrator / relay / border router) is down from 21:25 to 23:55: its batches and its re-collection
 * requests are lost, so its meters miss the boundaries 21:30 … 23:30 at their final scans. At 02:00 the head-end
 * asks those meters for the day's history; each answers one sealed 0xE2 frame and the head-end journals exactly the
 * missing readings, equal to the simulated registers, flagged re-collected | history.
 */
class BulkHistoryPullTest {
    static final int METERS = 400;
    static final long SPEED = 900;
    static final LocalDate DATE = LocalDate.of(2026, 11, 22);
    /** Slot 43 = 21:00–21:30 JST; the run sends the opening boundary 21:00 and the slots through 24:00. */
    static final int FIRST_NUMBER = 43;
    static final int SLOTS = 6;
    /** Outage boundaries: 21:30 … 23:30. */
    static final int OUTAGE_BOUNDARIES = 5;

    @RegisterExtension
    final SimAgainstHes rig = new SimAgainstHes();

    @TempDir
    Path tmp;

    /**
     * A source's link that is down between two instants on the clock: batches and re-collection requests are lost.
     * {@code route} tells the sources that are down, by {@code pathCode << 32 | sourceId}.
     */
    record Outage(BatchTransport link, Clock clock, java.util.function.LongPredicate route, long fromEpochSecond,
                  long untilEpochSecond) implements BatchTransport {
        boolean down(int path, long source) {
            long now = clock.instant().getEpochSecond();
            return route.test((long) path << 32 | source) && now >= fromEpochSecond && now < untilEpochSecond;
        }

        @Override
        public CompletableFuture<AckFrame> send(CommPath path, int source, long batchSeq, byte[] frame) {
            if (down(path.code(), source)) {
                // the concentrator is down: its meters' frames never leave it (nothing to resend)
                return CompletableFuture.completedFuture(AckFrame.journaled(batchSeq, 0, 0, 0));
            }
            return link.send(path, source, batchSeq, frame);
        }

        @Override
        public void onRecollect(Consumer<RecollectRequest> handler) {
            link.onRecollect(r -> {
                if (!down(r.path().code(), r.sourceId())) {
                    handler.accept(r);
                }
            });
        }

        @Override
        public void close() {
            link.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void the_next_day_bulk_pull_fills_a_night_long_outage(Transport transport) throws Exception {
        SimConfig config = FaultScenarioTest.configFor(transport);
        MeterPopulation population = new MeterPopulation(config);
        long first = Slots.index(DATE, FIRST_NUMBER);
        long opening = Slots.startEpochSecond(first);
        SimulatedClock clock = rig.clock(first, SPEED);
        HesServer hes = rig.startHes(SimAgainstHes.hesConfig(tmp.resolve("journal"), config, METERS)
                .bulkPullAt(LocalTime.of(2, 0)).bulkPullRate(50).build());
        int pathCode = population.pathCode(0);
        int source = population.source(0);
        long from = opening + 25 * 60; // after the opening boundary's batches, before the 21:30 ones
        long until = opening + (2 * 60 + 55) * 60; // 23:55
        java.util.function.LongPredicate one = r -> r == ((long) pathCode << 32 | source);
        MeterSimulator sim = rig.simulate(population, new Outage(rig.tcpLink(), clock, one, from, until),
                new Outage(rig.coapLink(), clock, one, from, until), FaultConfig.NONE);
        List<Integer> down = new ArrayList<>();
        for (int i = 0; i < METERS; i++) {
            if (population.pathCode(i) == pathCode && population.source(i) == source) {
                down.add(i);
            }
        }
        assertThat(down.size()).isBetween(2, METERS / 2);

        rig.run(first, SLOTS).get(60, TimeUnit.SECONDS);
        // the outage's boundaries were still missing at their final scans (the cut-off)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> hes.collection().slot(first + OUTAGE_BOUNDARIES - 1) != null
                        && hes.collection().slot(first + OUTAGE_BOUNDARIES - 1).complete());
        long missing = 0;
        for (long s = first; s < first + OUTAGE_BOUNDARIES; s++) {
            missing += hes.collection().slot(s).missing();
        }
        long missingAtCutoff = missing;
        assertThat(missingAtCutoff).isEqualTo((long) down.size() * OUTAGE_BOUNDARIES);

        // 02:00 JST next day: the pull asks the source's meters (only those) and fills every gap
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .failFast(() -> hes.stats().bulkPull().readingsFilled() > missingAtCutoff)
                .conditionEvaluationListener(c -> {
                    if (c.getRemainingTimeInMS() < 100) {
                        System.out.println("bulk pull so far: " + hes.stats().bulkPull() + " at " + clock.instant()
                                + ", sim answers " + sim.stats().recollectGetRes() + "/" + sim.stats().recollectGetSna());
                    }
                })
                .until(() -> hes.stats().bulkPull().readingsFilled() == missingAtCutoff);
        IngestStats.BulkPull pull = hes.stats().bulkPull();
        assertThat(clock.instant().getEpochSecond()).isGreaterThanOrEqualTo(opening + 5 * 3600);
        assertThat(pull.metersAsked()).isEqualTo(down.size());
        assertThat(pull.requests()).isPositive();
        assertThat(pull.answeredNoData()).isZero();
        assertThat(pull.rejected()).isZero();
        assertThat(hes.stats().rejected(RejectReason.BAD_TAG) + hes.stats().rejected(RejectReason.STALE_COUNTER)).isZero();

        LoadProfile profile = new LoadProfile(config.seed(), population);
        Map<String, long[]> journal = SimAgainstHes.journalByReading(hes);
        assertThat(journal).hasSize((SLOTS + 1) * METERS).allSatisfy((k, v) -> assertThat(v[2]).as(k).isEqualTo(1));
        long history = 0;
        for (int i = 0; i < METERS; i++) {
            long energy = 0;
            for (long s = first; s < first + SLOTS; s++) {
                energy += profile.importUnits(i, s);
                long[] v = journal.get(population.meterId(i) + "@" + Slots.endEpochSecond(s));
                assertThat(v[0]).as("meter %d at %s", population.meterId(i), Slots.jstEnd(s)).isEqualTo(population.registerAt(i, energy));
                boolean filled = (v[1] & ReadingBatch.FLAG_HISTORY) != 0;
                assertThat(filled).as("meter %d at %s from the history", i, Slots.jstEnd(s))
                        .isEqualTo(down.contains(i) && s < first + OUTAGE_BOUNDARIES);
                if (filled) {
                    assertThat(v[1]).isEqualTo(ReadingBatch.FLAG_RECOLLECTED | ReadingBatch.FLAG_HISTORY);
                    history++;
                }
            }
        }
        assertThat(history).isEqualTo(missingAtCutoff);
    }
}
