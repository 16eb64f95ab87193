package jp.ami.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InternalHttpServerTest {
    /** Echoes the request's path and body length; counts the requests it saw. */
    @ChannelHandler.Sharable
    static final class Echo extends SimpleChannelInboundHandler<FullHttpRequest> {
        final AtomicInteger seen = new AtomicInteger();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            seen.incrementAndGet();
            byte[] body = (req.uri() + " " + req.content().readableBytes()).getBytes(StandardCharsets.UTF_8);
            var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
            HttpUtil.setContentLength(res, body.length);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            ctx.writeAndFlush(res);
        }
    }

    @Test
    void serves_whole_requests_over_keep_alive_and_refuses_an_oversized_body_before_the_handler() throws Exception {
        Echo echo = new Echo();
        try (InternalHttpServer http = InternalHttpServer.start("127.0.0.1", 0, 1024, 1, echo)) {
            HttpClient client = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + http.port());
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/a?x=" + i))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("/a?x=" + i + " 100");
            }
            HttpResponse<String> big = client.send(HttpRequest.newBuilder(base.resolve("/big"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2000))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(echo.seen.get()).isEqualTo(3);
        }
    }
}
