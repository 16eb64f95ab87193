package jp.ami.bench.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import jp.ami.app.Resources;
import jp.ami.certs.Pki;
import jp.ami.model.OperatorCode;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slot;
import jp.ami.model.Slots;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.sim.ArrivalDelays;
import jp.ami.sim.MeterPopulation;
import jp.ami.sim.MeterSimulator;
import jp.ami.sim.SimConfig;

/**
 * The benchmark's build phase (untimed) and what it leaves: the population, master data, PKI; every boundary's
 * sealed frames in a {@link FrameStore}; the same readings as CSV for the peers. The simulator stays referenced
 * with the rest, so the heap measured after the build holds what it held when the run was one method.
 *
 * @param first        the first slot finalised; boundaries run from the end of the slot before it
 * @param clock        paused a minute before {@code first} starts
 * @param boundaries   one sealed store per boundary, in order: the opening one, then one per slot
 * @param buildSeconds wall time of building the frames and the CSV
 */
record E2eInputs(SimConfig simConfig, MeterPopulation population, Path masterCsv, byte[] masterKey, List<String> retailerCodes,
                 Pki pki, long first, long last, SimulatedClock clock, MeterSimulator sim, Path readingsCsv,
                 List<FrameStore> boundaries, double buildSeconds) {

    /** Builds everything into {@code run} (the PKI into {@code work}); frame stores are handed to {@code resources}. */
    static E2eInputs build(E2eRun.Options o, Path work, Path run, Resources resources, PrintStream out) throws Exception {
        // 7.5 % of meters with rooftop PV: their 0xEB readings travel and are journaled too (the MDMS counts them)
        SimConfig simConfig = SimConfig.defaults(o.meters()).withPvShare(75);
        MeterPopulation population = new MeterPopulation(simConfig);
        Path masterCsv = run.resolve("master-data.csv");
        population.writeMasterData(masterCsv);
        byte[] masterKey = new byte[16];
        new SecureRandom().nextBytes(masterKey);
        List<String> retailerCodes = simConfig.retailers().stream().map(OperatorCode::value).toList();
        Pki pki = Pki.ensure(work.resolve("pki"), retailerCodes, "ami-bench");

        // a slot in the middle of a JST day, so no per-day file falls inside the run
        long first = Slots.index(java.time.LocalDate.of(2026, 11, 20), 20);
        long last = first + o.slots() - 1;
        SimulatedClock clock = SimulatedClock.paused(Slots.start(first).minusSeconds(60), 1);
        ArrivalDelays delays = scaledDelays(simConfig.seed(), o.windowMinutes());
        MeterSimulator sim = new MeterSimulator(population, new MeterKeys(masterKey), null, null, clock, delays);
        Path readingsCsv = run.resolve("readings.csv");
        List<FrameStore> boundaries = new ArrayList<>();
        long buildStart = System.nanoTime();
        try (BufferedWriter csv = Files.newBufferedWriter(readingsCsv, StandardCharsets.US_ASCII)) {
            csv.write("meter_id,boundary_epoch_second,register,coefficient,digits,unit_code\n");
            for (long s = first - 1; s <= last; s++) {
                FrameStore store = resources.track(new FrameStore(run.resolve("frames-" + (s - first + 1) + ".bin")));
                long t = System.nanoTime();
                MeterSimulator.DryRun built = sim.buildBoundary(s, s >= first, o.buildThreads(), null, store::append);
                store.seal();
                writeReadings(csv, population, Slots.endEpochSecond(s));
                boundaries.add(store);
                out.printf("  build  boundary %s: %,d frames in %,d batches (%,d MB) in %.1f s%n", Slot.ofIndex(s).jstEnd(),
                        built.frames(), built.batches(), store.bytes() >> 20, (System.nanoTime() - t) / 1e9);
            }
        }
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        return new E2eInputs(simConfig, population, masterCsv, masterKey, retailerCodes, pki, first, last, clock, sim, readingsCsv,
                boundaries, buildSeconds);
    }

    /**
     * The simulator's per-path arrival delays stretched (or shrunk) so the slowest path's batches arrive by
     * {@code windowMinutes} after the boundary; the defaults end at 9 minutes.
     */
    static ArrivalDelays scaledDelays(long seed, int windowMinutes) {
        ArrivalDelays d = ArrivalDelays.defaults(seed);
        double k = windowMinutes * 60.0 / d.maxDelaySeconds();
        int[] lo = d.minSeconds().clone();
        int[] hi = d.maxSeconds().clone();
        for (int i = 0; i < lo.length; i++) {
            lo[i] = (int) Math.round(lo[i] * k);
            hi[i] = (int) Math.round(hi[i] * k);
        }
        return new ArrivalDelays(seed, lo, hi);
    }

    private static void writeReadings(BufferedWriter csv, MeterPopulation pop, long boundary) throws IOException {
        StringBuilder line = new StringBuilder(96);
        for (int i = 0; i < pop.size(); i++) {
            line.setLength(0);
            line.append(pop.meterId(i)).append(',').append(boundary).append(',').append(pop.register(i)).append(',')
                    .append(pop.coefficient(i)).append(',').append(pop.digits(i)).append(',').append(pop.unitCode(i)).append('\n');
            csv.append(line);
        }
    }
}
