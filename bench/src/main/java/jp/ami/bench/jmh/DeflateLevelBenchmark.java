package jp.ami.bench.jmh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Deflating one retailer's per-slot XML (100,000 records, as the MDMS writes it) at each deflate level: why
 * {@code SlotFileWriter} zips at level 1. Score per record; the compressed size per record is printed at tear-down.
 */
public class DeflateLevelBenchmark extends ThroughputBenchmark {
    static final int POINTS = 100_000;

    @Param({"1", "6"})
    int level;

    private byte[] xml;
    private final byte[] out = new byte[1 << 16];
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private long compressed;

    @Setup
    public void build() throws IOException {
        MasterData master = MasterData.empty(new SupplyRegistry());
        OperatorCode retailer = OperatorCode.of("R0001");
        for (int i = 0; i < POINTS; i++) {
            master.add(SupplyPointId.of(String.format("03%020d", 7_919L * i + 1)), MeterId.of(1_000_000_001L + i), retailer, 40);
        }
        Path tmp = Files.createTempDirectory("jmh-deflate");
        SlotFileWriter writer = new SlotFileWriter(MdmsConfig.defaults(tmp));
        SlotValues values = new SlotValues(master);
        values.reset(Slots.index(java.time.LocalDate.of(2026, 11, 22), 10), 0, POINTS);
        int[] points = master.registry().indexesInIdOrder();
        java.util.Random rnd = new java.util.Random(1);
        for (int p = 0; p < POINTS; p++) {
            values.set(p, rnd.nextInt(20_000), ValueStatus.PRESENT, 0); // 0–2 kWh per half hour, 0.0001 kWh steps
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.writeXml(values, retailer, points, 0, POINTS, bytes);
        xml = bytes.toByteArray();
        deflater.setLevel(level);
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public long deflate() {
        deflater.reset();
        deflater.setInput(xml);
        deflater.finish();
        long n = 0;
        while (!deflater.finished()) {
            n += deflater.deflate(out);
        }
        compressed = n;
        return n;
    }

    @TearDown
    public void report() {
        System.out.printf("%n  level %d: %d XML bytes → %d deflated (%.1f B/record, %.1f×)%n", level, xml.length, compressed,
                compressed / (double) POINTS, xml.length / (double) compressed);
    }
}
