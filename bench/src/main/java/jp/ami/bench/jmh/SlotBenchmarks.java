package jp.ami.bench.jmh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.MeterId;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * The MDMS hot paths over 100,000 supply points, scores per reading / per record: the slot engine taking a
 * journal batch (meter → point, boundary register, validation state) and the business-protocol XML of one
 * retailer's per-slot file, plain and zipped.
 */
public class SlotBenchmarks extends ThroughputBenchmark {
    static final int POINTS = 100_000;
    static final int BATCH = 8192;
    private SlotEngine engine;
    private SlotFileWriter writer;
    private SlotValues values;
    private int[] points;
    private final ReadingBatch[] batches = new ReadingBatch[(POINTS + BATCH - 1) / BATCH];
    /** The same readings with a reverse-direction (export) reading of every 10th point after its normal one. */
    private final ReadingBatch[] pvBatches = new ReadingBatch[batches.length];
    private int next;
    private final OperatorCode retailer = OperatorCode.of("R0001");

    @Setup
    public void build() throws IOException {
        MasterData master = MasterData.empty(new SupplyRegistry());
        for (int i = 0; i < POINTS; i++) {
            master.add(SupplyPointId.of(String.format("03%020d", i + 1)), MeterId.of(1_000_000_001L + i), retailer, 40);
        }
        master.trimToSize();
        Path tmp = Files.createTempDirectory("jmh-slots");
        MdmsConfig config = MdmsConfig.defaults(tmp);
        writer = new SlotFileWriter(config);
        engine = new SlotEngine(config, master, new jp.ami.bench.NoStore(), writer, Outbox.open(tmp.resolve("outbox")),
                Clock.systemUTC());
        long slot = Slots.index(LocalDate.of(2026, 11, 22), 10);
        long boundary = Slots.endEpochSecond(slot);
        for (int b = 0; b < batches.length; b++) {
            batches[b] = new ReadingBatch(BATCH);
            for (int i = b * BATCH; i < Math.min(POINTS, (b + 1) * BATCH); i++) {
                batches[b].add(1_000_000_001L + i, boundary, 1000 + (i & 1023), boundary * 1000 + 60_000, 1, 3, 0x02, 8, 1, 0, 0);
            }
        }
        for (int b = 0; b < pvBatches.length; b++) {
            pvBatches[b] = new ReadingBatch(BATCH + BATCH / 10 + 1);
            for (int i = b * BATCH; i < Math.min(POINTS, (b + 1) * BATCH); i++) {
                pvBatches[b].add(1_000_000_001L + i, boundary, 1000 + (i & 1023), boundary * 1000 + 60_000, 1, 3, 0x02, 8, 1, 0, 0);
                if (i % 10 == 0) {
                    pvBatches[b].add(1_000_000_001L + i, boundary, 500 + (i & 511), boundary * 1000 + 60_000, 1, 4, 0x02, 8, 1,
                            ReadingBatch.DIRECTION_REVERSE, 0);
                }
            }
        }
        values = new SlotValues(master);
        values.reset(slot, 0, POINTS);
        points = new int[POINTS];
        for (int p = 0; p < POINTS; p++) {
            values.set(p, 1000L + p % 9000, ValueStatus.PRESENT, 0);
            points[p] = p;
        }
    }

    /** One journal batch of 8,192 readings for a boundary the engine has seen (the same values again). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void engineAccept() {
        engine.accept(batches[next]);
        next = (next + 1) % (batches.length - 1); // full batches only
    }

    /**
     * {@link #engineAccept} with 10 % PV points: per reading, normal and reverse (export) alike; 8,192 normal readings
     * and ~820 reverse ones per batch, counted as {@code BATCH} operations (so the score is normal readings per second
     * with their PV readings on top: compare it with {@code engineAccept} directly).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void engineAcceptPv() {
        engine.accept(pvBatches[next]);
        next = (next + 1) % (pvBatches.length - 1); // full batches only
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public void xml() throws IOException {
        writer.writeXml(values, retailer, points, 0, POINTS, OutputStream.nullOutputStream());
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public void zip() throws IOException {
        writer.writeZip(values, retailer, points, 0, POINTS, OutputStream.nullOutputStream());
    }
}
