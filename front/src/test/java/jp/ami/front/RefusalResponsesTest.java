package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jp.ami.model.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal the front answers itself, byte for byte: status line, headers in order, body, whether the
 * connection stays open, the counter and the audit line. Drives the front's real HTTP handlers (as
 * {@link FrontServer} adds them after the client is identified) in an {@link EmbeddedChannel}, so nothing
 * here reaches a backend.
 */
class RefusalResponsesTest {
    /** The front's clock: every audit line is stamped with it. */
    static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-11-22T01:05:00.123Z"));
    static final String AUDIT = "time=2026-11-22T01:05:00\\.123Z operator=R0013 serial=5e1f remote=- ";

    @RegisterExtension
    final AuditCapture audit = new AuditCapture();
    RejectionCounters rejections;
    AbuseLimiter limiter;
    EmbeddedChannel ch;

    @AfterEach
    void releaseChannel() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    /** A channel of operator R0013 through the front's HTTP handlers; {@code operatorRate} 0 = unlimited. */
    private EmbeddedChannel channel(double operatorRate) {
        FrontConfig.Limits d = FrontConfig.Limits.defaults();
        FrontConfig.Limits limits = new FrontConfig.Limits(operatorRate, 1, 0, 1, d.maxConnectionsPerIp(),
                d.maxConnections(), d.idleTimeout(), d.requestHeaderTimeout());
        FrontConfig config = FrontConfig.builder(Path.of("server.crt.pem"), Path.of("server.key.pem"), Path.of("ca.crt.pem"))
                .limits(limits).build();
        rejections = new RejectionCounters();
        limiter = new AbuseLimiter(limits);
        ch = new EmbeddedChannel();
        ch.attr(ClientCertificateHandler.IDENTITY).set(new ClientIdentity("R0013", "5e1f"));
        FrontServer.addHttpHandlers(ch.pipeline(), config, rejections, new RateLimitHandler(limiter), new AuditLog(CLOCK));
        return ch;
    }

    /** A channel whose operator has used up its rate (burst 1, taken here). */
    private EmbeddedChannel rateLimitedChannel() {
        channel(0.001);
        assertThat(limiter.allowRequest("R0013", null)).isTrue();
        return ch;
    }

    private String send(String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        return written();
    }

    private String written() {
        StringBuilder out = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    /**
     * An error response as the front writes it: {@code connection: close} right after the length and any extra
     * header after it; a kept connection has its {@code connection: keep-alive} last.
     */
    private static String refusal(String statusLine, String extraHeaders, String connection) {
        String body = statusLine + "\n";
        String head = "HTTP/1.1 " + statusLine + "\r\ncontent-type: text/plain; charset=US-ASCII\r\ncontent-length: "
                + body.length() + "\r\n";
        return head + (connection.equals("close") ? "connection: close\r\n" + extraHeaders
                : extraHeaders + "connection: " + connection + "\r\n") + "\r\n" + body;
    }

    /** A request the front refuses and closes the connection on. */
    record Refused(String name, String request, String statusLine, String extraHeaders, Rejection reason,
                   String auditedRequest) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Refused> refusedAndClosed() {
        int big = RequestRouter.MAX_BODY_BYTES + 100;
        return List.of(
                new Refused("unknown path → 404", "GET /admin HTTP/1.1\r\nHost: x\r\n\r\n", "404 Not Found", "",
                        Rejection.NOT_FOUND, "method=\"GET\" path=\"/admin\""),
                new Refused("wrong method → 405 with Allow",
                        "POST /30min/FileListReceiver HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
                        "405 Method Not Allowed", "allow: GET\r\n", Rejection.METHOD_NOT_ALLOWED,
                        "method=\"POST\" path=\"/30min/FileListReceiver\""),
                new Refused("bad query → 400", "GET /30min/FileReceiver?file=../x HTTP/1.1\r\nHost: x\r\n\r\n",
                        "400 Bad Request", "", Rejection.BAD_REQUEST, "method=\"GET\" path=\"/30min/FileReceiver?file=../x\""),
                // the HTTP decoder stands in its own request for an unreadable request line
                new Refused("request line too long → 414", "GET /" + "x".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                        "414 Request-URI Too Long", "", Rejection.BAD_REQUEST, "method=\"GET\" path=\"/bad-request\""),
                new Refused("header block too large → 431",
                        "GET /30min/FileListReceiver HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(9000) + "\r\n\r\n",
                        "431 Request Header Fields Too Large", "", Rejection.BAD_REQUEST,
                        "method=\"GET\" path=\"/30min/FileListReceiver\""),
                new Refused("body over the limit → 413", "POST /switching/IS_20110 HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + big + "\r\n\r\n" + "a".repeat(big),
                        "413 Request Entity Too Large", "", Rejection.BAD_REQUEST,
                        "method=\"POST\" path=\"/switching/IS_20110\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAndClosed")
    void a_refusal_names_only_its_status_is_counted_and_audited_and_closes(Refused c) {
        channel(0);
        assertThat(send(c.request())).isEqualTo(refusal(c.statusLine(), c.extraHeaders(), "close"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(rejections.snapshot()).allSatisfy((reason, n) -> assertThat(n).as(reason.name())
                .isEqualTo(reason == c.reason() ? 1 : 0));
        String status = c.statusLine().substring(0, 3);
        assertThat(audit.lines).singleElement().asString().matches(AUDIT + Pattern.quote(c.auditedRequest()
                + " status=" + status + " bytes=" + (c.statusLine().length() + 1)) + " durationMs=\\d+");
    }

    @Test
    void rate_limited_request_is_429_and_keeps_the_connection() {
        rateLimitedChannel();
        String limited = refusal("429 Too Many Requests", "retry-after: 1\r\n", "keep-alive");
        assertThat(send("GET /30min/FileListReceiver HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(limited);
        assertThat(ch.isOpen()).isTrue();
        assertThat(send("GET /admin HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(limited);
        assertThat(ch.isOpen()).isTrue();
        assertThat(rejections.get(Rejection.RATE_LIMITED)).isEqualTo(2);
        assertThat(rejections.get(Rejection.NOT_FOUND)).isZero();
        assertThat(audit.lines).hasSize(2);
        assertThat(audit.lines.get(1)).matches(AUDIT + "method=\"GET\" path=\"/admin\" status=429 bytes=22 durationMs=\\d+");
    }

    @Test
    void rate_limited_request_asking_to_close_is_429_and_closes() {
        rateLimitedChannel();
        assertThat(send("GET /30min/FileListReceiver HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .isEqualTo(refusal("429 Too Many Requests", "retry-after: 1\r\n", "close"));
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
        rateLimitedChannel();
        assertThat(send("GET /30min/FileListReceiver HTTP/1.0\r\nHost: x\r\n\r\n"))
                .isEqualTo(refusal("429 Too Many Requests", "retry-after: 1\r\n", "close"));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void rate_limit_comes_before_the_size_checks() {
        rateLimitedChannel();
        assertThat(send("GET /" + "x".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .isEqualTo(refusal("429 Too Many Requests", "retry-after: 1\r\n", "close"));
        assertThat(rejections.get(Rejection.RATE_LIMITED)).isEqualTo(1);
        assertThat(rejections.get(Rejection.BAD_REQUEST)).isZero();
    }

    @Test
    void headers_that_do_not_arrive_in_time_are_408_and_close() {
        channel(0);
        assertThat(send("GET /30min/FileListReceiver HTTP/1.1\r\nHost: l")).isEmpty();
        ch.advanceTimeBy(FrontConfig.Limits.DEFAULT_REQUEST_HEADER_TIMEOUT.toMillis() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(written()).isEqualTo(refusal("408 Request Timeout", "", "close"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(rejections.get(Rejection.TIMEOUT)).isEqualTo(1);
        assertThat(audit.lines.get(0)).matches(AUDIT + "method=\"-\" path=\"-\" status=408 bytes=20 durationMs=\\d+");
        // as it closes, the HTTP decoder hands on the half-received request as malformed: refused into the closed
        // connection, counted and audited (behaviour kept as it was)
        assertThat(audit.lines).hasSize(2);
        assertThat(audit.lines.get(1)).matches(AUDIT + "method=\"GET\" path=\"/30min/FileListReceiver\" status=400 bytes=16 durationMs=\\d+");
        assertThat(rejections.get(Rejection.BAD_REQUEST)).isEqualTo(1);
    }

    @Test
    void an_idle_connection_is_closed_without_an_answer() {
        channel(0);
        ch.advanceTimeBy(FrontConfig.Limits.DEFAULT_IDLE_TIMEOUT.plus(Duration.ofSeconds(1)).toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(written()).isEmpty();
        assertThat(ch.isOpen()).isFalse();
        assertThat(audit.lines).isEmpty();
        assertThat(rejections.snapshot().values()).allMatch(n -> n == 0);
    }
}
