package jp.ami.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import jp.ami.service.InternalHttpServer;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @ChannelHandler.Sharable
    static final class Hello extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
            HttpUtil.setContentLength(res, body.length);
            ctx.writeAndFlush(res);
        }
    }

    @Test
    void the_internal_port_serves_metrics_in_the_text_format_and_everything_else_to_the_service_handler() throws Exception {
        Metrics metrics = Metrics.forService("test");
        AtomicLong things = new AtomicLong(3);
        CounterWithCallback.builder().name("ami_test_things_total").help("Things seen.")
                .callback(cb -> cb.call(things.get())).register(metrics.registry());
        try (InternalHttpServer http = InternalHttpServer.start("127.0.0.1", 0, 1024, 1, new Hello(), metrics)) {
            HttpClient client = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + http.port());
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));
            assertThat(first.body()).contains("# TYPE ami_test_things_total counter", "ami_test_things_total 3.0",
                    "jvm_memory_used_bytes", "jvm_threads_current");
            things.addAndGet(4);
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("ami_test_things_total 7.0");
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/other")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("hello");
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void a_metrics_only_port_answers_404_to_everything_else() throws Exception {
        try (InternalHttpServer http = InternalHttpServer.metricsOnly("127.0.0.1", 0, Metrics.forService("test"))) {
            HttpClient client = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + http.port());
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/30min/FileListReceiver")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void a_scrape_passes_promtool_check_metrics() throws Exception {
        Optional<Promtool> promtool = Promtool.forTests();
        assumeTrue(promtool.isPresent(), Promtool.absentMessage());
        Metrics metrics = Metrics.forService("test");
        CounterWithCallback.builder().name("ami_test_things_total").help("Things seen.")
                .callback(cb -> cb.call(1)).register(metrics.registry());
        Promtool.Result r = promtool.get().checkMetrics(metrics.scrape());
        assertThat(r.ok()).as(r.output()).isTrue();
    }
}
