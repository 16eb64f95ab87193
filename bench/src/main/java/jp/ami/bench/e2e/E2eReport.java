package jp.ami.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a run's {@code summary.json}, {@code report.md} and {@code latency.png} (two panels: the batch
 * acknowledgement latency and the per-point delivery latency against the 60-minute budget, by percentile with
 * "1 in N" on a log x axis, as HdrHistogram's plots are read), plus the percentile tables ({@code *.hgrm}) and
 * the histograms in HdrHistogram's log format ({@code *.hlog}).
 */
final class E2eReport {
    private E2eReport() {
    }

    static void write(E2eResult r, Path dir, String command, String machine) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(dir.resolve("summary.json").toFile(), r);
        writeHgrm(r.ingestHistogramMicros(), 1000.0, dir.resolve("ingest-ack-ms.hgrm"));
        writeHgrm(r.deliveryHistogramMillis(), 60_000.0, dir.resolve("delivery-minutes.hgrm"));
        writeLog(r.ingestHistogramMicros(), dir.resolve("ingest-ack-us.hlog"));
        writeLog(r.deliveryHistogramMillis(), dir.resolve("delivery-ms.hlog"));
        plot(r, dir.resolve("latency.png"));
        Files.writeString(dir.resolve("report.md"), markdown(r, command, machine), StandardCharsets.UTF_8);
    }

    private static void writeHgrm(Histogram h, double scale, Path file) throws IOException {
        try (var out = new java.io.PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            if (h.getTotalCount() > 0) {
                h.outputPercentileDistribution(out, 5, scale);
            }
        }
    }

    /** The histogram in HdrHistogram's own log format (for HistogramLogAnalyzer and other HdrHistogram tools). */
    private static void writeLog(Histogram h, Path file) throws IOException {
        try (var out = new java.io.PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            org.HdrHistogram.HistogramLogWriter w = new org.HdrHistogram.HistogramLogWriter(out);
            w.outputLogFormatVersion();
            w.outputLegend();
            w.outputIntervalHistogram(h);
        }
    }

    private static void plot(E2eResult r, Path file) throws IOException {
        String title = String.format("%,d meters, %d slot(s)", r.meters(), r.slots());
        XYChart ack = new XYChartBuilder().width(1000).height(420)
                .title("Batch acknowledgement latency by percentile — " + title
                        + (r.offeredRate() > 0 ? " (open loop, from intended send time)" : " (closed loop, service time)"))
                .xAxisTitle("percentile as 1 in N (10 = 90 %, 100 = 99 %, 1000 = 99.9 %)").yAxisTitle("ms").build();
        ack.getStyler().setXAxisLogarithmic(true);
        ack.getStyler().setYAxisLogarithmic(true);
        ack.getStyler().setMarkerSize(3);
        ack.getStyler().setLegendVisible(false);
        addSeries(ack, "batch ack (ms)", r.ingestHistogramMicros(), 1000.0);

        XYChart delivery = new XYChartBuilder().width(1000).height(420)
                .title("Delivery latency per supply point: slot end → file downloadable through the front — " + title)
                .xAxisTitle("percentile as 1 in N").yAxisTitle("minutes").build();
        delivery.getStyler().setXAxisLogarithmic(true);
        delivery.getStyler().setYAxisMin(0.0);
        delivery.getStyler().setYAxisMax(65.0);
        delivery.getStyler().setMarkerSize(5);
        addSeries(delivery, "points", r.deliveryHistogramMillis(), 60_000.0);
        delivery.addSeries("60-minute budget", new double[] {1.0, 1000.0}, new double[] {60.0, 60.0}).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(List.of(ack, delivery), 2, 1, file.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addSeries(XYChart chart, String name, Histogram h, double scale) {
        if (h.getTotalCount() == 0) {
            return;
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            double pct = v.getPercentileLevelIteratedTo();
            if (pct >= 100.0) {
                break;
            }
            x.add(1.0 / (1.0 - pct / 100.0));
            y.add(Math.max(0.001, v.getValueIteratedTo() / scale));
        }
        if (x.isEmpty()) { // every value the same: one point at the median
            x.add(2.0);
            y.add(Math.max(0.001, h.getValueAtPercentile(50) / scale));
        }
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
    }

    static String markdown(E2eResult r, String command, String machine) {
        StringBuilder md = new StringBuilder();
        md.append("# End-to-end benchmark: ").append(String.format("%,d", r.meters())).append(" meters, ").append(r.slots())
                .append(" slot(s)\n\n");
        md.append("Command: `").append(command).append("`  \nMachine: ").append(machine).append("\n\n");
        md.append("| figure | value | goal |\n|---|---|---|\n");
        md.append(String.format("| readings/s end to end (collection + finalisation) | %,d | ≥ 500,000 |%n", r.readingsPerSecond()));
        md.append(String.format("| slot finalised: cut-off → all files downloadable | %.2f s | ≤ 60 s at 29 M points |%n", r.finalizeSeconds()));
        md.append(String.format("| points downloadable within 60 min of slot end | %.1f %% | 100 %% |%n", 100 * r.withinBudget()));
        md.append(String.format("| resident heap bytes per supply point (by component: %s) | %.1f B | ≤ 64 B |%n",
                r.bytesPerPointByComponent(), r.bytesPerPoint()));
        for (var e : r.peers().entrySet()) {
            md.append(String.format("| %s peer: seconds / ratio to our MDMS stage (%.2f s) / ratio to our whole timed run | %.1f s / %.2f× / %.2f× | ≥ 20× (PostgreSQL) |%n",
                    e.getKey(), r.mdmsSeconds(), e.getValue().seconds(), e.getValue().ratio(), e.getValue().ratioEndToEnd()));
        }
        md.append(String.format("| CPU in timed phases | %.1f s (%.0f %% of all cores) | |%n", r.cpuSeconds(), 100 * r.cpuShare()));
        md.append(String.format("%nTimed work: %.2f s (readings %,d, values %,d). Frames built ahead in %.1f s; whole run %.1f s.%n",
                r.busySeconds(), r.readings(), r.values(), r.buildSeconds(), r.wallSeconds()));
        md.append("\n## Collection per boundary\n\n| boundary (JST) | readings | batches | HES (to last ack) | until MDMS has all | resends | CPU |\n|---|---|---|---|---|---|---|\n");
        for (var b : r.collection()) {
            md.append(String.format("| %s | %,d | %,d | %.2f s, %,d/s | %.2f s, %,d/s | %d | %.0f %% |%n", b.boundaryJst(), b.readings(),
                    b.batches(), b.hesSeconds(), b.hesReadingsPerSecond(), b.seconds(), b.readingsPerSecond(), b.resends(), 100 * b.cpuShare()));
        }
        md.append("\n## Finalisation per slot (from cut-off)\n\n| slot | points | present / est. / missing | files | all downloadable | values/s | CPU | download through front |\n|---|---|---|---|---|---|---|---|\n");
        for (var f : r.finalisation()) {
            md.append(String.format("| %s | %,d | %,d / %,d / %,d | %d | %.2f s | %,d | %.0f %% | %,d MB in %.2f s |%n", f.slot(), f.points(),
                    f.present(), f.estimated(), f.missing(), f.files(), f.seconds(), f.valuesPerSecond(), 100 * f.cpuShare(),
                    f.downloadBytes() >> 20, f.downloadSeconds()));
        }
        md.append("\n## Latency (HdrHistogram)\n\n| | p50 | p90 | p99 | p99.9 | max | count |\n|---|---|---|---|---|---|---|\n");
        latencyRow(md, "batch acknowledgement (ms)" + (r.offeredRate() > 0 ? ", open loop at " + String.format("%,d", r.offeredRate())
                + " readings/s, from the intended send time (CO-corrected)" : ", closed loop: service time"), r.ingestAckMillis());
        latencyRow(md, "delivery: slot end → downloadable (minutes), per point", r.deliveryMinutes());
        md.append("\n![latency](latency.png)\n");
        if (!r.peers().isEmpty()) {
            md.append("\n## Peers on the same readings\n\n| peer | seconds | stages | ratio to our MDMS stage | ratio to our whole run | same values |\n|---|---|---|---|---|---|\n");
            for (Map.Entry<String, E2eResult.PeerFigures> e : r.peers().entrySet()) {
                var p = e.getValue();
                md.append(String.format("| %s | %.1f | %s | %.2f× | %.2f× | %s |%n", e.getKey(), p.seconds(), p.stageSeconds(), p.ratio(), p.ratioEndToEnd(),
                        p.sameValues() ? "yes (" + String.format("%,d", p.values()) + " values byte-identical)" : "**NO** " + p.differences()));
            }
            md.append(String.format("%nOur MDMS stage (the same work as a peer's: decoded readings in, values and per-retailer "
                    + "files out, plus the rows in QuestDB): %.2f s = the engine thread's CPU taking the readings from the journal "
                    + "plus the finalisation wall time. Our whole timed run, %.2f s, also collects, opens and verifies every sealed "
                    + "frame over TCP/CoAP and journals it, which the peers' CSV input skips.%n", r.mdmsSeconds(), r.busySeconds()));
        }
        return md.toString();
    }

    private static void latencyRow(StringBuilder md, String name, E2eResult.Latency l) {
        md.append(String.format("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %,d |%n", name, l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.count()));
    }
}
