package jp.ami.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import jp.ami.service.InternalHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator dashboard: one page on the internal side, on a loopback port of the composition root (never
 * routed by the DMZ front, which knows only the retailer routes), that polls two JSON resources while the
 * pipeline runs. Why here and not on the head-end's statistics port: the page shows figures of the head-end, the
 * MDMS and the front together and joins the head-end's meters with the MDMS's supply points, which only the
 * composition root may see side by side ({@code hes} and {@code mdms} never import each other).
 * <ul>
 *   <li>{@code GET /} — the page ({@code jp/ami/app/dashboard/index.html}), with {@code /dashboard.js},
 *       {@code /dashboard.css} and the vendored {@code /vendor/chart.umd.min.js} (Chart.js, see
 *       {@code vendor/README.md}): nothing is loaded from elsewhere;</li>
 *   <li>{@code GET /api/dashboard} — {@link DashboardSnapshot};</li>
 *   <li>{@code GET /api/worklist[?slots=N]} — {@link Worklist} of the meters that missed the last N boundaries
 *       (1–31, default 1); 400 for another N, 503 when the head-end's ingest queue is full.</li>
 * </ul>
 */
public final class OperatorDashboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorDashboard.class);
    /** The demo's port on 127.0.0.1 ({@code ./ami demo}); tests use a free one. */
    public static final int DEFAULT_PORT = 8088;
    static final int MAX_SLOTS = jp.ami.hes.http.StatsHttpServer.MAX_SILENT_SLOTS;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClasspathFiles FILES = new ClasspathFiles("jp/ami/app/dashboard/", Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css",
            "/vendor/chart.umd.min.js", "vendor/chart.umd.min.js"));

    private final InternalHttpServer http;

    private OperatorDashboard(InternalHttpServer http) {
        this.http = http;
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 = a free port).
     *
     * @param figures  the dashboard's figures now
     * @param worklist the worklist for N missed boundaries
     */
    static OperatorDashboard start(int port, Supplier<DashboardSnapshot> figures, IntFunction<CompletableFuture<Worklist>> worklist) {
        OperatorDashboard d = new OperatorDashboard(InternalHttpServer.start("127.0.0.1", port, 1024, 1, new Handler(figures, worklist)));
        LOG.info("operator dashboard on {}", d.url());
        return d;
    }

    public int port() {
        return http.port();
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    @Override
    public void close() {
        http.close();
    }

    @ChannelHandler.Sharable
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Supplier<DashboardSnapshot> figures;
        private final IntFunction<CompletableFuture<Worklist>> worklist;

        Handler(Supplier<DashboardSnapshot> figures, IntFunction<CompletableFuture<Worklist>> worklist) {
            this.figures = figures;
            this.worklist = worklist;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!HttpMethod.GET.equals(req.method())) {
                json(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, Map.of("error", "GET only"));
                return;
            }
            QueryStringDecoder q = new QueryStringDecoder(req.uri());
            switch (q.path()) {
                case "/api/dashboard" -> json(ctx, keepAlive, HttpResponseStatus.OK, figures.get());
                case "/api/worklist" -> {
                    int slots = slots(q.parameters().get("slots"));
                    if (slots < 0) {
                        json(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, Map.of("error", "slots must be 1–" + MAX_SLOTS));
                        return;
                    }
                    worklist.apply(slots).whenComplete((w, e) -> json(ctx, keepAlive,
                            e == null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                            e == null ? w : Map.of("error", String.valueOf(e.getMessage()))));
                }
                default -> {
                    ClasspathFiles.File f = FILES.at(q.path());
                    if (f == null) {
                        json(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, Map.of("error", "not found"));
                    } else {
                        send(ctx, keepAlive, HttpResponseStatus.OK, f.bytes(), f.contentType());
                    }
                }
            }
        }

        private static int slots(List<String> v) {
            if (v == null) {
                return 1;
            }
            if (v.size() != 1 || !v.get(0).matches("\\d{1,2}")) {
                return -1;
            }
            int n = Integer.parseInt(v.get(0));
            return n >= 1 && n <= MAX_SLOTS ? n : -1;
        }

        private static void json(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, Object body) {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                LOG.warn("cannot write the dashboard's JSON", e);
                bytes = "{\"error\":\"internal\"}".getBytes(StandardCharsets.UTF_8);
                status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
            }
            send(ctx, keepAlive, status, bytes, "application/json; charset=UTF-8");
        }

        private static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, byte[] body, String type) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            res.headers().set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
            res.headers().set("X-Content-Type-Options", "nosniff");
            HttpUtil.setContentLength(res, body.length);
            HttpUtil.setKeepAlive(res, keepAlive);
            ctx.writeAndFlush(res);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("dashboard connection failed", cause);
            ctx.close();
        }
    }
}
