package jp.ami.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.store.StoredValue;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.Slots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ami bench mdms-memory --points N}: resident heap per supply point of the MDMS, measured as heap used
 * after full GCs: (1) before anything, (2) after building the master data (supply registry, meter map,
 * contract amperes), (3) after the slot engine holds its steady state — per-point unit/coefficient/digits and
 * {@code --boundaries} open boundaries with every point's register (the engine between two cut-offs holds
 * three: the start and end of the slot being collected and the end of the previous one until its cut-off).
 * Engine bytes/point = (3 − 2) / N; master bytes/point = (2 − 1) / N. With {@code --pv-per-mille P}, P ‰ of the
 * points also send a reverse-direction reading per boundary: the engine then holds their export state too.
 */
@Command(name = "mdms-memory", mixinStandardHelpOptions = true,
        description = "Measure MDMS resident heap per supply point (master data and slot engine state).")
public final class MdmsMemoryCommand implements Callable<Integer> {
    @Option(names = "--points", description = "supply points (default: ${DEFAULT-VALUE})", defaultValue = "1000000")
    int points;
    @Option(names = "--boundaries", description = "open boundaries filled with readings (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int boundaries;
    @Option(names = "--pv-per-mille", description = "points with rooftop PV that also send their export (0xEB) register, "
            + "per mille (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int pvPerMille;

    @Override
    public Integer call() throws Exception {
        long m0 = usedAfterGc();
        MasterData master = SyntheticMaster.of(points, 4);
        master.trimToSize(); // as MasterData.read does after loading the CSV
        long m1 = usedAfterGc();

        Path tmp = Files.createTempDirectory("mdms-memory");
        MdmsConfig config = MdmsConfig.defaults(tmp);
        SlotEngine engine = new SlotEngine(config, master, new NoStore(), new SlotFileWriter(config), Outbox.open(tmp.resolve("outbox")),
                Clock.systemUTC());
        long k0 = Slots.index(LocalDate.of(2026, 11, 22), 10);
        engine.expectSlots(k0, k0 + boundaries - 2);
        ReadingBatch batch = new ReadingBatch(8192);
        long t0 = System.nanoTime();
        long readings = 0;
        for (int j = 0; j < boundaries; j++) {
            long t = Slots.endEpochSecond(k0 - 1 + j);
            for (int i = 0; i < points; i++) {
                batch.add(SyntheticMaster.FIRST_METER + i, t, 100 + j * 7L + (i & 15), (t + 60) * 1000, 1, 1, 0x02, 6, 1, 0, 0);
                readings++;
                if (i % 1000 < pvPerMille) {
                    batch.add(SyntheticMaster.FIRST_METER + i, t, 50 + j * 3L + (i & 7), (t + 60) * 1000, 1, 2, 0x02, 6, 1,
                            ReadingBatch.DIRECTION_REVERSE, 0);
                }
                if (batch.size() >= 8190) {
                    engine.accept(batch);
                    batch.clear();
                }
            }
            engine.accept(batch);
            batch.clear();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long m2 = usedAfterGc();
        System.out.printf("points %,d; open boundaries %d; readings %,d accepted (and %,d export readings of %,d PV points) in %.2f s (%.1f M/s)%n",
                points, engine.openBoundaries(), engine.stats().accepted(), engine.stats().reverseReadings(), engine.exportPoints(),
                secs, readings / secs / 1e6);
        System.out.printf("heap used after GC: start %,d B, with master data %,d B, with engine state %,d B%n", m0, m1, m2);
        System.out.printf("master data:  %.1f bytes/point%n", (m1 - m0) / (double) points);
        System.out.printf("slot engine:  %.1f bytes/point (%d open boundaries)%n", (m2 - m1) / (double) points, boundaries);
        System.out.printf("total:        %.1f bytes/point%n", (m2 - m0) / (double) points);
        if (engine.stats().accepted() != readings) {
            throw new IllegalStateException("not every reading was accepted");
        }
        engine.close();
        return 0;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100); // let the collector settle between measurements (a benchmark, not a test)
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** A store that drops everything: memory is measured without finalising. */
}
