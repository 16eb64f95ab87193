package jp.ami.bench.e2e;

import static jp.ami.bench.e2e.E2eResult.round;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.ami.app.Resources;
import jp.ami.bench.BenchFiles;
import jp.ami.bench.e2e.peer.PeerInput;
import org.HdrHistogram.Histogram;

/**
 * One run of the end-to-end benchmark: the real platform in one JVM (head-end over TCP and CoAP, Chronicle
 * journal, MDMS with embedded QuestDB, XML/ZIP outbox, DMZ front with mutual TLS) fed by the meter simulator's
 * frames, built ahead; then the peers on the same readings. See {@code bench/README.md} for what each figure
 * means.
 *
 * <ol>
 *   <li><b>Build</b> (untimed, {@link E2eInputs}): the population, master data, PKI; every boundary's sealed frames
 *       into a {@link FrameStore}; the same readings as CSV for the peers.</li>
 *   <li><b>Collection</b> per boundary (timed, {@link TimedPhases}): {@link LoadGenerator} replays the frames in due
 *       order; the clock follows the batches' due times; the phase ends when the MDMS engine has taken every
 *       journaled reading.</li>
 *   <li><b>Finalisation</b> per slot (timed, {@link TimedPhases}): the clock is put at the slot's cut-off and runs in
 *       real time from there; the phase ends when every retailer's files for the slot are listed by the front
 *       (downloadable, {@link FrontListing}). Then each retailer downloads them through the front (timed
 *       separately).</li>
 *   <li><b>Check, memory and peers</b> (untimed for us): our values from QuestDB; the heap per point by component
 *       ({@link HeapByComponent}); each peer's export against ours ({@link PeerRuns}).</li>
 * </ol>
 * The platform under test is {@link E2ePlatform}.
 */
final class E2eRun {
    record Options(int meters, int slots, int windowMinutes, long rate, Path workDir, boolean peers, int buildThreads,
                   int tcpConnections, int tcpWindow, int coapEndpoints, int coapWindow, PrintStream out) {
    }

    private final Options o;
    private final PrintStream out;
    private final Resources resources;

    E2eRun(Options options) {
        this.o = options;
        this.out = options.out();
        this.resources = new Resources((r, e) -> out.println("  (closing " + r.getClass().getSimpleName() + ": " + e + ")"));
    }

    E2eResult run() throws Exception {
        try {
            return runInner();
        } finally {
            resources.close();
        }
    }

    private E2eResult runInner() throws Exception {
        Path work = o.workDir();
        BenchFiles.deleteRecursively(work.resolve("run"));
        Path run = Files.createDirectories(work.resolve("run"));
        long wallStart = System.nanoTime();

        E2eInputs in = E2eInputs.build(o, work, run, resources, out);
        long heapBase = HeapByComponent.heapAfterGc();
        E2ePlatform platform = E2ePlatform.start(o, in, run, resources, out);

        TimedPhases timed = new TimedPhases(o, in, platform, out);
        timed.run();
        double mdmsSeconds = timed.mdmsSeconds();
        double busySeconds = timed.busySeconds();
        long heapRun = HeapByComponent.heapAfterGc();
        double bytesPerPoint = (heapRun - heapBase) / (double) o.meters();
        long totalReadings = in.boundaries().stream().mapToLong(FrameStore::readings).sum();
        long values = (long) o.meters() * o.slots();
        if (!platform.mdms().store().awaitVisible(values, Duration.ofMinutes(10))) {
            throw new IllegalStateException("QuestDB shows " + platform.mdms().store().count() + " rows, expected " + values);
        }

        // ---- check ----
        Path ours = run.resolve("export-ours");
        long rows = ValuesExport.export(platform.mdmsConfig().questDbPgPort(), platform.mdms().master().registry(), in.first(), in.last(), ours);
        out.printf("  check  our %,d values read back from QuestDB: one per (point, slot), none missing%n", rows);

        // ---- resident bytes per point, by component ----
        Map<String, Double> perComponent = HeapByComponent.closeAndMeasure(platform, heapRun, heapBase, o.meters());
        out.printf("  memory heap after GC per supply point: %.1f B in all; by component %s%n", bytesPerPoint, perComponent);

        // ---- peers ----
        Map<String, E2eResult.PeerFigures> peers = new LinkedHashMap<>();
        if (o.peers()) {
            // free the cores for the peers: our services are done
            resources.closeWhere(r -> !(r instanceof FrameStore));
            PeerInput input = new PeerInput(in.masterCsv(), in.readingsCsv(), in.first(), in.last());
            peers = new PeerRuns(out, ours, mdmsSeconds, busySeconds).run(input, work, run);
        }
        long cpuBusy = timed.cpuBusyNanos();
        Histogram ingest = timed.ackTotal();
        Histogram delivery = timed.delivery();
        return new E2eResult(o.meters(), o.slots(), o.windowMinutes(), o.rate(), totalReadings, values,
                Math.round(totalReadings / busySeconds), round(busySeconds),
                timed.finals().stream().mapToDouble(E2eResult.Finalisation::seconds).max().orElse(0),
                timed.withinBudget(), round(bytesPerPoint), perComponent,
                round(cpuBusy / 1e9), round(cpuBusy / 1e9 / busySeconds / Runtime.getRuntime().availableProcessors()), round(mdmsSeconds),
                timed.collected(), timed.finals(), E2eResult.Latency.of(ingest, 1000.0), E2eResult.Latency.of(delivery, 60_000.0),
                peers, round(in.buildSeconds()), round((System.nanoTime() - wallStart) / 1e9),
                ingest, delivery);
    }
}
