package jp.ami.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.store.QuestDbStore;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ami bench store-write --points N --slots S}: rows per second of the embedded QuestDB store's first-issue
 * write (WAL commit until the rows are visible), with the value history ({@code lv_30min_history}) written beside
 * {@code lv_30min} and without it, alternating slot by slot on one server so both see the same machine; prints both
 * rates and their ratio.
 */
@Command(name = "store-write", mixinStandardHelpOptions = true,
        description = "Measure the embedded QuestDB store's write rate with and without the value history.")
public final class StoreWriteCommand implements Callable<Integer> {
    @Option(names = "--points", description = "supply points per slot (default: ${DEFAULT-VALUE})", defaultValue = "200000")
    int points;
    @Option(names = "--slots", description = "slots written per variant, after one warm-up slot each (default: ${DEFAULT-VALUE})", defaultValue = "4")
    int slots;

    @Override
    public Integer call() throws Exception {
        MasterData master = SyntheticMaster.of(points, 2);
        Path tmp = Files.createTempDirectory("store-write");
        long first = Slots.index(LocalDate.of(2026, 11, 22), 1);
        try (QuestDbStore store = new QuestDbStore(tmp.resolve("questdb"), BenchFiles.freeLoopbackPort(), BenchFiles.freeLoopbackPort(), new String[]{"0", "1", "9", "1"})) {
            SlotValues v = new SlotValues(master);
            long[] nanos = new long[2];
            long slot = first;
            for (int round = 0; round <= slots; round++) {
                for (int variant = 0; variant < 2; variant++) {
                    fill(v, master, slot);
                    store.keepHistory(variant == 0);
                    long t0 = System.nanoTime();
                    store.write(v, Slots.end(slot).plusSeconds(1200));
                    if (!store.awaitVisible(slot, points, Duration.ofMinutes(5))) {
                        throw new IllegalStateException("slot " + slot + " not visible after 5 minutes");
                    }
                    long dt = System.nanoTime() - t0;
                    if (round > 0) { // round 0 warms up both variants
                        nanos[variant] += dt;
                    }
                    slot++;
                }
            }
            long rows = (long) points * slots;
            double with = rows / (nanos[0] / 1e9);
            double without = rows / (nanos[1] / 1e9);
            System.out.printf("store-write: %d points × %d slots; with history %.0f rows/s, without %.0f rows/s, "
                    + "ratio with/without %.2f%n", points, slots, with, without, with / without);
        }
        return 0;
    }

    private static void fill(SlotValues v, MasterData master, long slot) {
        int n = master.registry().size();
        v.reset(slot, 0, n);
        for (int p = 0; p < n; p++) {
            v.set(p, 1000 + (p & 1023), ValueStatus.PRESENT, master.registry().retailerIndexAt(p, slot), 0, Vee.Method.MEASURED);
            v.provenance(p, CommPath.PLC.code(), 1 + (p >>> 8), 1 + p, 1_000_000L + (p >>> 8));
        }
    }
}
