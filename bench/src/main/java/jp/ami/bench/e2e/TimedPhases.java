package jp.ami.bench.e2e;

import static jp.ami.bench.e2e.E2eResult.round;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jp.ami.app.SlotFinalisations;
import jp.ami.mdms.MdmsServer;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slot;
import jp.ami.model.Slots;
import jp.ami.retailer.RetailerClient;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The timed part of the benchmark, boundary by boundary: each boundary's <b>collection</b> (the load generator
 * replays its frames; ends when the MDMS engine has taken every journaled reading), then, for a slot's closing
 * boundary, the slot's <b>finalisation</b> (the clock put at the cut-off and run in real time; ends when every
 * retailer lists all its files through the front) and the retailers' downloads (timed separately). Keeps the
 * figures of each phase and their sums.
 */
final class TimedPhases {
    private final E2eRun.Options o;
    private final E2eInputs in;
    private final E2ePlatform platform;
    private final PrintStream out;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long engineThread = threadId("mdms-engine");
    private final Recorder ackLatency = new Recorder(3);
    private final Histogram delivery = new Histogram(3);
    private final List<E2eResult.Boundary> collected = new ArrayList<>();
    private final List<E2eResult.Finalisation> finals = new ArrayList<>();
    private final Histogram ackTotal = new Histogram(3);
    private long engineCollectCpu;
    private long journaledBefore;
    private double busySeconds;
    private long cpuBusy;

    TimedPhases(E2eRun.Options o, E2eInputs in, E2ePlatform platform, PrintStream out) {
        this.o = o;
        this.in = in;
        this.platform = platform;
        this.out = out;
    }

    /** Collects every boundary in order and finalises each slot after its closing boundary. */
    void run() throws Exception {
        long first = in.first();
        long last = in.last();
        List<FrameStore> boundaries = in.boundaries();
        for (int b = 0; b < boundaries.size(); b++) {
            long closed = first - 1 + b;
            collect(closed, boundaries.get(b));
            if (closed < first) {
                continue;
            }
            finalise(closed);
            if (closed < last) {
                in.clock().advanceTo(Slots.end(closed + 1).minusSeconds(1));
            }
        }
    }

    /** Timed: {@code store}'s frames replayed until the MDMS engine has taken all of their readings. */
    private void collect(long closed, FrameStore store) throws Exception {
        LoadGenerator load = platform.load();
        MdmsServer mdms = platform.mdms();
        long cpu0 = os.getProcessCpuTime();
        long ecpu0 = threads.getThreadCpuTime(engineThread);
        long t0 = System.nanoTime();
        LoadGenerator.Result r = load.replay(store, o.rate(), ackLatency);
        long journaled = journaledBefore + store.readings();
        awaitEngine(mdms, journaled);
        long t1 = System.nanoTime();
        long cpu = os.getProcessCpuTime() - cpu0;
        engineCollectCpu += threads.getThreadCpuTime(engineThread) - ecpu0;
        journaledBefore = journaled;
        ackTotal.add(ackLatency.getIntervalHistogram());
        double secs = (t1 - t0) / 1e9;
        busySeconds += secs;
        cpuBusy += cpu;
        collected.add(new E2eResult.Boundary(Slot.ofIndex(closed).jstEnd().toString(), store.readings(), store.batches(),
                round(r.nanos() / 1e9), round(secs), Math.round(r.readingsPerSecond()), Math.round(store.readings() / secs),
                r.resends(), round(cpu / 1e9 / secs / Runtime.getRuntime().availableProcessors())));
        out.printf("  ingest boundary %s: %,d readings → HES journal in %.2f s (%,.0f/s), MDMS took all after %.2f s (%,.0f/s), %d resends, CPU %.0f %%%n",
                Slot.ofIndex(closed).jstEnd(), store.readings(), r.nanos() / 1e9, r.readingsPerSecond(), secs,
                store.readings() / secs, r.resends(), 100.0 * cpu / 1e9 / secs / Runtime.getRuntime().availableProcessors());
    }

    /** Timed: slot {@code closed} from its cut-off until every retailer lists all its files; then the downloads. */
    private void finalise(long closed) throws Exception {
        SimulatedClock clock = in.clock();
        List<String> retailerCodes = in.retailerCodes();
        MdmsServer mdms = platform.mdms();
        SlotFinalisations finalisations = platform.finalisations();
        Map<String, RetailerClient> clients = platform.clients();
        int[] pointsPerRetailer = platform.pointsPerRetailer();
        // cut-off: the clock stands at slot end + cut-off and runs in real time from there
        Instant cutoff = Slots.end(closed).plus(platform.mdmsConfig().cutoff());
        // retailers poll all the time: their connections to the front are open when the files appear
        for (RetailerClient c : clients.values()) {
            c.list();
        }
        long f0 = System.nanoTime();
        long fcpu0 = os.getProcessCpuTime();
        clock.runFrom(cutoff, 1);
        if (!finalisations.await(closed, 30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("slot " + Slot.ofIndex(closed) + " not finalised: " + mdms.lastError());
        }
        var st = finalisations.stats(closed);
        double engineStart = java.time.Duration.between(cutoff, st.finalizedAt()).toNanos() / 1e9;
        double enginePublished = java.time.Duration.between(cutoff, st.publishedAt()).toNanos() / 1e9;
        long[] phases = mdms.engine().lastFinalizeNanos();
        out.printf("  engine slot %s: finalising began %.2f s after cut-off, files published %.2f s after cut-off "
                        + "(values computed in %.2f s; then rows to QuestDB %.2f s while the files were written, %.2f s for both)%n",
                Slot.ofIndex(closed), engineStart, enginePublished, phases[0] / 1e9, phases[1] / 1e9, phases[2] / 1e9);
        Map<String, Set<String>> files = platform.filesOf(closed);
        FrontListing.Listed listed = FrontListing.await(clients, files, f0);
        Map<String, Double> listedAfter = listed.atSeconds();
        long f1 = System.nanoTime();
        long fcpu = os.getProcessCpuTime() - fcpu0;
        clock.pause();
        double finalizeSeconds = (f1 - f0) / 1e9;
        busySeconds += finalizeSeconds;
        cpuBusy += fcpu;
        for (int r2 = 0; r2 < retailerCodes.size(); r2++) {
            Double at = listedAfter.get(retailerCodes.get(r2));
            if (at != null && pointsPerRetailer[r2] > 0) {
                long ms = platform.mdmsConfig().cutoff().toMillis() + Math.round(at * 1000);
                delivery.recordValueWithCount(ms, pointsPerRetailer[r2]);
            }
        }
        // every retailer downloads its files through the front
        long d0 = System.nanoTime();
        long bytes = 0;
        int nFiles = 0;
        for (var e : files.entrySet()) {
            RetailerClient c = clients.get(e.getKey());
            for (String name : e.getValue()) {
                bytes += c.download(name).length;
                nFiles++;
            }
        }
        double dl = (System.nanoTime() - d0) / 1e9;
        finals.add(new E2eResult.Finalisation(Slot.ofIndex(closed).toString(), st.points(), st.present(), st.estimated(),
                st.missing(), nFiles, round(finalizeSeconds), listedAfter, listed.calls(), listed.meanMillis(), listed.maxMillis(), round(fcpu / 1e9 / finalizeSeconds / Runtime.getRuntime().availableProcessors()),
                bytes, round(dl), Math.round(st.points() / finalizeSeconds)));
        out.printf("  final  slot %s: %,d points (%,d present, %,d estimated, %,d missing) → QuestDB + %d files, all downloadable %.2f s after cut-off (%,.0f values/s); downloaded %,d MB through the front in %.2f s%n",
                Slot.ofIndex(closed), st.points(), st.present(), st.estimated(), st.missing(), nFiles, finalizeSeconds,
                st.points() / finalizeSeconds, bytes >> 20, dl);
    }

    /** Wall time of all timed phases: every boundary's collection plus every slot's finalisation. */
    double busySeconds() {
        return busySeconds;
    }

    /** Process CPU time in the timed phases. */
    long cpuBusyNanos() {
        return cpuBusy;
    }

    /**
     * The MDMS's own share of the timed phases: the engine thread's CPU taking readings from the journal during
     * collection, plus the finalisation wall time.
     */
    double mdmsSeconds() {
        return engineCollectCpu / 1e9 + finals.stream().mapToDouble(E2eResult.Finalisation::seconds).sum();
    }

    List<E2eResult.Boundary> collected() {
        return collected;
    }

    List<E2eResult.Finalisation> finals() {
        return finals;
    }

    /** Every batch's acknowledgement latency, all boundaries. */
    Histogram ackTotal() {
        return ackTotal;
    }

    /** Slot end → downloadable, in milliseconds, weighted by each retailer's points. */
    Histogram delivery() {
        return delivery;
    }

    /** Share of points (weighted) downloadable within 60 minutes of slot end. */
    double withinBudget() {
        if (delivery.getTotalCount() == 0) {
            return 0;
        }
        long within = 0;
        for (var v : delivery.recordedValues()) {
            if (v.getValueIteratedTo() <= 3_600_000L) {
                within += v.getCountAddedInThisIterationStep();
            }
        }
        return round(within / (double) delivery.getTotalCount());
    }

    private static long threadId(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t.getId();
            }
        }
        throw new IllegalStateException("no thread named " + name);
    }

    private static void awaitEngine(MdmsServer mdms, long readings) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (mdms.stats().readings() < readings) {
            if (System.nanoTime() > deadline || mdms.lastError() != null) {
                throw new IllegalStateException("MDMS took " + mdms.stats().readings() + " of " + readings + " readings: " + mdms.lastError());
            }
            Thread.sleep(5);
        }
    }
}
