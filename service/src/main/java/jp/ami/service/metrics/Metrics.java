package jp.ami.service.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The Prometheus metrics of one service instance: its own {@link PrometheusRegistry}, holding the JVM metrics
 * ({@code jvm_*}, {@code process_*}) and whatever the service registers (named {@code ami_<service>_…}), written
 * in the Prometheus text format (0.0.4) by {@link #scrape()} and served at {@value #PATH} on the service's
 * internal port ({@link MetricsHandler}, {@link jp.ami.service.InternalHttpServer}).
 *
 * <p>One registry per service instance, not one per JVM: the demo runs the head-end, the MDMS, the switching service
 * and the front in one JVM, each with its own internal port, so each port serves exactly its service's series (and
 * the JVM's, which then appear under every one of the four targets). The metric names of different services never
 * clash anyway (each starts with its service's prefix), so registries could be merged later without renaming.
 *
 * <p>Services register callbacks ({@code CounterWithCallback}, {@code GaugeWithCallback}) reading the counters they
 * keep anyway, evaluated at scrape time: no work on the ingest or engine hot paths.
 */
public final class Metrics {
    /** The path every service serves its metrics at. */
    public static final String PATH = "/metrics";

    private final String service;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private Metrics(String service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /** A registry for {@code service} (e.g. {@code "hes"}) with the JVM metrics registered. */
    public static Metrics forService(String service) {
        Metrics m = new Metrics(service);
        JvmMetrics.builder().register(m.registry);
        return m;
    }

    /** The service name given at creation. */
    public String service() {
        return service;
    }

    /** Where the service registers its metrics. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Registers counter {@code name} without labels, read from {@code value} at each scrape. */
    public void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }

    /** Registers gauge {@code name} without labels, read from {@code value} at each scrape. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }

    /** The Content-Type of {@link #scrape()}. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Every metric now, in the Prometheus text format; callbacks run on the calling thread. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
