package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Rate limits, connection limits, slowloris and idle timeouts; a limited client does not hurt the others. */
@ExtendWith(NamedResults.class)
class AbuseLimitsTest extends FrontAndBackendTest {
    @TempDir
    Path dir;
    Fixture pki;

    @BeforeEach
    void setUp() throws Exception {
        pki = new Fixture(dir.resolve("pki"), "R0013", "R0042");
    }

    private void start(FrontConfig.Limits limits) throws Exception {
        startFront(new FrontServer(pki.configBuilder(backend.port()).limits(limits).build()));
    }

    private static FrontConfig.Limits limits(double opRate, int opBurst, double ipRate, int ipBurst, int perIp,
                                             Duration idle, Duration header) {
        return new FrontConfig.Limits(opRate, opBurst, ipRate, ipBurst, perIp, 1000, idle, header);
    }

    @Test
    void operatorOverItsRateGets429OnTheSameConnectionWhileAnotherOperatorIsServed() throws Exception {
        start(limits(2, 5, 0, 1, 64, Duration.ofSeconds(60), Duration.ofSeconds(10)));
        SSLContext abuser = pki.context(pki.client("R0013"));
        SSLContext victim = pki.context(pki.client("R0042"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger limited = new AtomicInteger();
        AtomicInteger abuserOk = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> hammers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                hammers.add(pool.submit(() -> {
                    try (SSLSocket s = Fixture.connect(abuser, port)) {
                        for (int i = 0; i < 5000 && !stop.get(); i++) {
                            String r = Fixture.get(s, "/30min/FileListReceiver");
                            if (r == null) {
                                break;
                            }
                            if (r.startsWith("HTTP/1.1 429")) {
                                assertThat(r).contains("retry-after: 1");
                                limited.incrementAndGet();
                            } else if (r.startsWith("HTTP/1.1 200")) {
                                abuserOk.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            Fixture.eventually().untilAsserted(() -> assertThat(limited.get()).as("429s so far").isGreaterThanOrEqualTo(20));
            // while the abuser is being limited, the other operator gets every request through
            int served = 0;
            try (SSLSocket s = Fixture.connect(victim, port)) {
                for (int i = 0; i < 5; i++) {
                    if (Fixture.get(s, "/30min/FileListReceiver").startsWith("HTTP/1.1 200")) {
                        served++;
                    }
                }
            }
            assertThat(served).isEqualTo(5);
            stop.set(true);
            for (Future<?> f : hammers) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        // burst 5 plus 2/s for the seconds of the run: far fewer than the hammering
        double elapsed = (System.nanoTime() - t0) / 1e9;
        assertThat(abuserOk.get()).isBetween(5, 6 + (int) (2 * elapsed));
        assertThat(front.rejections().get(Rejection.RATE_LIMITED)).isEqualTo(limited.get());
    }

    @Test
    void addressOverItsRateGets429() throws Exception {
        start(limits(0, 1, 1, 3, 64, Duration.ofSeconds(60), Duration.ofSeconds(10)));
        int limited = 0;
        long t0 = System.nanoTime();
        try (SSLSocket s = Fixture.connect(pki.context(pki.client("R0013")), port)) {
            for (int i = 0; i < 10; i++) {
                if (Fixture.get(s, "/30min/FileListReceiver").startsWith("HTTP/1.1 429")) {
                    limited++;
                }
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        // burst 3, then 1 per second: at most 3 + elapsed + 1 got through (however slow this machine is)
        assertThat(10 - limited).isBetween(3, 4 + (int) elapsed);
        assertThat(limited).isPositive();
        assertThat(front.rejections().get(Rejection.RATE_LIMITED)).isEqualTo(limited);
    }

    @Test
    void connectionsOverThePerAddressLimitAreClosedBeforeTheHandshake() throws Exception {
        start(limits(0, 1, 0, 1, 2, Duration.ofSeconds(60), Duration.ofSeconds(10)));
        SSLContext ctx = pki.context(pki.client("R0013"));
        try (SSLSocket a = Fixture.connect(ctx, port); SSLSocket b = Fixture.connect(ctx, port)) {
            assertThat(Fixture.get(a, "/30min/FileListReceiver")).startsWith("HTTP/1.1 200");
            assertThat(Fixture.get(b, "/30min/FileListReceiver")).startsWith("HTTP/1.1 200");
            try (SSLSocket c = Fixture.connect(ctx, port)) {
                assertThat(Fixture.get(c, "/30min/FileListReceiver")).isNull();
            }
            assertThat(front.rejections().get(Rejection.CONNECTION_LIMIT)).isEqualTo(1);
        }
        // slots are returned when connections close
        Fixture.eventually().pollInterval(Duration.ofMillis(50)).ignoreExceptions().untilAsserted(() -> {
            try (SSLSocket d = Fixture.connect(ctx, port)) {
                assertThat(Fixture.get(d, "/30min/FileListReceiver")).as("rejections %s", front.rejections())
                        .startsWith("HTTP/1.1 200");
            }
        });
    }

    @Test
    void slowlorisHeadersAreCutOffWith408() throws Exception {
        start(limits(0, 1, 0, 1, 64, Duration.ofSeconds(60), Duration.ofMillis(300)));
        try (SSLSocket s = Fixture.connect(pki.context(pki.client("R0013")), port);
             SSLSocket fast = Fixture.connect(pki.context(pki.client("R0042")), port)) {
            OutputStream out = s.getOutputStream();
            // headers dribbled in, never finished
            for (byte b : "GET /30min/FileListReceiver HTTP/1.1\r\nHost: l".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
            }
            long t0 = System.nanoTime();
            String r = Fixture.readResponse(s.getInputStream());
            assertThat(r).startsWith("HTTP/1.1 408");
            assertThat(Fixture.closedByPeer(s)).isTrue();
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(9));
            assertThat(Fixture.get(fast, "/30min/FileListReceiver")).startsWith("HTTP/1.1 200");
        }
        assertThat(front.rejections().get(Rejection.TIMEOUT)).isEqualTo(1);
        assertThat(backend.seen).hasSize(1);
    }

    @Test
    void oversizedRequestLineAndHeadersAreRefused() throws Exception {
        start(limits(0, 1, 0, 1, 64, Duration.ofSeconds(60), Duration.ofSeconds(10)));
        SSLContext ctx = pki.context(pki.client("R0013"));
        try (SSLSocket s = Fixture.connect(ctx, port)) {
            assertThat(Fixture.get(s, "/30min/FileListReceiver?" + "x".repeat(5000))).startsWith("HTTP/1.1 414");
        }
        try (SSLSocket s = Fixture.connect(ctx, port)) {
            assertThat(Fixture.get(s, "/30min/FileListReceiver", "X-Big: " + "y".repeat(9000))).startsWith("HTTP/1.1 431");
        }
        assertThat(front.rejections().get(Rejection.BAD_REQUEST)).isEqualTo(2);
        assertThat(backend.seen).isEmpty();
    }

    @Test
    void idleConnectionsAreClosedButKeepAliveBetweenRequestsWorks() throws Exception {
        start(limits(0, 1, 0, 1, 64, Duration.ofMillis(300), Duration.ofSeconds(10)));
        try (SSLSocket s = Fixture.connect(pki.context(pki.client("R0013")), port)) {
            assertThat(Fixture.get(s, "/30min/FileListReceiver")).startsWith("HTTP/1.1 200");
            assertThat(Fixture.get(s, "/30min/FileListReceiver")).startsWith("HTTP/1.1 200");
            assertThat(Fixture.closedByPeer(s)).isTrue();
        }
        Fixture.eventually().untilAsserted(() -> assertThat(front.openConnections()).as("open connections").isZero());
    }
}
