package jp.ami.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.concurrent.TimeUnit;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesServer;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a check of numbers: the bulk history pull of N PLC meters (every concentrator down for the
 * evening, so each meter misses 5 boundaries) through the real path — RQ version 2 over TCP, the simulator's sealed
 * 0xE2 answers, AES-GCM verify, journal append. Prints meter-days answered per second of wall time and the process
 * CPU time spent. Runs only when asked:
 * {@code mvn -o -q -pl meter-sim -am verify -Dtest=BulkPullThroughputTest -Dsurefire.failIfNoSpecifiedTests=false -Dbulk.meters=20000}.
 */
class BulkPullThroughputTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final SimAgainstHes rig = new SimAgainstHes();

    @Test
    void measure() throws Exception {
        String n = System.getProperty("bulk.meters");
        assumeTrue(n != null, "set -Dbulk.meters=N to measure");
        int meters = Integer.parseInt(n);
        int rate = Integer.parseInt(System.getProperty("bulk.rate", "" + HesConfig.DEFAULT_BULK_PULL_RATE));
        SimConfig config = new SimConfig(meters, 7L, 5_000_001L, 3, SimConfig.DEFAULT_RETAILERS, 0, 0, 500, 500, 100);
        MeterPopulation population = new MeterPopulation(config);
        long first = Slots.index(BulkHistoryPullTest.DATE, BulkHistoryPullTest.FIRST_NUMBER);
        long opening = Slots.startEpochSecond(first);
        SimulatedClock clock = rig.clock(first, BulkHistoryPullTest.SPEED);
        // one concentrator (the last meter's) stays up: a boundary no reading arrived for at all is not scanned
        long kept = (long) population.pathCode(meters - 1) << 32 | population.source(meters - 1);
        long keptMeters = java.util.stream.IntStream.range(0, meters)
                .filter(i -> population.source(i) == population.source(meters - 1)).count();
        HesServer hes = rig.startHes(SimAgainstHes.hesConfig(tmp.resolve("journal"), config, meters)
                .bulkPullAt(LocalTime.of(2, 0)).bulkPullRate(rate).build());
        BatchTransport tcp = new BulkHistoryPullTest.Outage(rig.tcpLink(), clock, r -> r != kept, opening + 25 * 60,
                opening + (2 * 60 + 55) * 60);
        MeterSimulator sim = rig.simulate(population, tcp, tcp, FaultConfig.NONE);
        rig.run(first, BulkHistoryPullTest.SLOTS).get(300, TimeUnit.SECONDS);
        long asked = meters - keptMeters;
        long missing = asked * BulkHistoryPullTest.OUTAGE_BOUNDARIES;
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(1))
                .until(() -> hes.stats().bulkPull().requests() > 0);
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        long[] lastPrint = {System.nanoTime()};
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(1))
                .conditionEvaluationListener(c -> {
                    if (System.nanoTime() - lastPrint[0] > 5_000_000_000L) {
                        lastPrint[0] = System.nanoTime();
                        System.out.println("bulk pull so far: " + hes.stats().bulkPull() + " at " + clock.instant()
                                + ", sim answers " + sim.stats().recollectGetRes() + "/" + sim.stats().recollectGetSna()
                                + ", overloaded " + hes.stats().overloadedBatches() + ", rejected " + hes.stats().snapshot().rejected());
                    }
                })
                .until(() -> hes.stats().bulkPull().readingsFilled() >= missing); // more: readings late under load, filled too
        long nanos = System.nanoTime() - t0;
        long cpuNanos = cpu() - cpu0;
        assertThat(hes.stats().bulkPull().metersAsked()).isEqualTo(asked);
        System.out.printf("BULK PULL: %d meters (%d readings filled) in %.3f s wall = %.0f meters/s, process CPU %.3f s"
                        + " (%.1f µs CPU per meter, HES + simulator), clock rate bound %d/s x speed %d%n",
                asked, missing, nanos / 1e9, asked / (nanos / 1e9), cpuNanos / 1e9, cpuNanos / 1e3 / asked, rate,
                BulkHistoryPullTest.SPEED);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
