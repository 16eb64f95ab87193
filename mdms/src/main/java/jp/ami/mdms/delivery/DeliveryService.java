package jp.ami.mdms.delivery;

import jp.ami.mdms.outbox.Outbox;
import jp.ami.service.InternalHttpServer;
import jp.ami.service.metrics.Metrics;

/**
 * The internal delivery service: retailers' file list and file download, over plain HTTP on 127.0.0.1.
 * It sits behind the DMZ front, which terminates mutual TLS and passes the authenticated operator code in
 * the header {@value DeliveryHandler#OPERATOR_HEADER}. Routes:
 * <ul>
 *   <li>{@code GET /30min/FileListReceiver[?since=NAME]} → the caller's files in name order: the legacy
 *       HTML form {@code <html><body><comment>rfilename1:"…",rfilesize1:"…",…</comment></body></html>}, or
 *       with {@code Accept: application/json} {@code {"operator":"R0013","files":[{"name":"…","size":1234}]}};
 *       with {@code since}, only names sorting after it;</li>
 *   <li>{@code GET /30min/FileReceiver?file=NAME} → the ZIP ({@code application/zip}), only if NAME matches
 *       {@code ^W4\d{22}\.zip$} and is in the caller's outbox; otherwise 404;</li>
 *   <li>{@code GET /usage/FileListReceiver[?since=NAME]} and {@code GET /usage/FileReceiver?file=NAME}: the same for the
 *       caller's confirmed-usage notices ({@code ^W5\d{19}\.zip$}); each path serves only its own kind, so a
 *       {@code since} cursor over one kind never skips the other;</li>
 *   <li>{@code GET /screen/}, {@code /screen/screen.js}, {@code /screen/screen.css} → the retailer's download screen
 *       ({@link RetailerScreen}): a static page whose script uses the four routes above;</li>
 *   <li>{@code GET /metrics} → the MDMS's Prometheus metrics, when given a {@link Metrics} (no operator header needed;
 *       the front never forwards this path);</li>
 *   <li>{@code POST /internal/…} → the operator endpoints given at construction ({@link InternalEndpoint}, JSON in and
 *       out; e.g. {@code /internal/corrections}); the front never forwards {@code /internal/};</li>
 *   <li>missing or invalid operator header → 400; other paths → 404; other methods → 405.</li>
 * </ul>
 */
public final class DeliveryService implements AutoCloseable {
    private final InternalHttpServer http;

    /** Binds 127.0.0.1:{@code port} (0 = a free port) and starts serving {@code outbox}. */
    public DeliveryService(Outbox outbox, int port) {
        this("127.0.0.1", port, outbox);
    }

    public DeliveryService(String host, int port, Outbox outbox) {
        this(host, port, outbox, null);
    }

    /** As {@link #DeliveryService(String, int, Outbox)}, also serving {@code GET /metrics} from {@code metrics} (null: none). */
    public DeliveryService(String host, int port, Outbox outbox, Metrics metrics) {
        this(host, port, outbox, metrics, java.util.Map.of());
    }

    /**
     * As {@link #DeliveryService(String, int, Outbox, Metrics)}, also serving the operator endpoints {@code internal}
     * ({@code POST /internal/…} path → endpoint).
     */
    public DeliveryService(String host, int port, Outbox outbox, Metrics metrics, java.util.Map<String, InternalEndpoint> internal) {
        DeliveryHandler delivery = new DeliveryHandler(outbox);
        io.netty.channel.ChannelHandler handler = internal.isEmpty() ? delivery : new io.netty.channel.ChannelInitializer<>() {
            private final InternalApiHandler api = new InternalApiHandler(internal);

            @Override
            protected void initChannel(io.netty.channel.Channel ch) {
                ch.pipeline().addLast(api, delivery);
            }
        };
        http = InternalHttpServer.start(host, port, 16 * 1024, 2, handler, metrics);
    }

    /** The bound port. */
    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
    }
}
