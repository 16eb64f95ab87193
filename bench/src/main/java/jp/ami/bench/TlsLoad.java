package jp.ami.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The load generator of {@code bench front}: JDK TLS clients with a client certificate, the same for both
 * servers. Every loop is bounded by a deadline.
 */
final class TlsLoad {
    private TlsLoad() {
    }

    /** Outcome of one measurement. */
    record Result(double perSecond, long count, long bytes, long errors, double seconds, String cipher) {
        /** Several slices as one: totals over total time; {@code mb}: rate of bytes in MB/s, else of count. */
        static Result sum(java.util.List<Result> slices, boolean mb) {
            long count = 0;
            long bytes = 0;
            long errors = 0;
            double secs = 0;
            String cipher = null;
            for (Result r : slices) {
                count += r.count();
                bytes += r.bytes();
                errors += r.errors();
                secs += r.seconds();
                cipher = r.cipher() != null ? r.cipher() : cipher;
            }
            return new Result(mb ? bytes / 1e6 / secs : count / secs, count, bytes, errors, secs, cipher);
        }
    }

    /**
     * Download throughput: {@code clients} keep-alive connections each GET {@code path} repeatedly, reading
     * every body to the end, for {@code duration} after {@code warmup}.
     *
     * @return MB/s (10^6 bytes) of response bodies, with the number of downloads
     */
    static Result download(SSLContext ctx, int port, String path, String cipher, int clients, Duration warmup,
                           Duration duration) throws Exception {
        LongAdder bytes = new LongAdder();
        LongAdder files = new LongAdder();
        LongAdder errors = new LongAdder();
        String[] usedCipher = {null};
        Window window = Window.after(warmup, duration);
        run(clients, () -> {
            byte[] buf = new byte[256 * 1024];
            LongConsumer measured = n -> {
                if (window.counts()) {
                    bytes.add(n);
                }
            };
            while (window.running()) {
                try (SSLSocket s = open(ctx, port, cipher)) {
                    usedCipher[0] = s.getSession().getCipherSuite();
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
                    byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                    while (window.running()) {
                        out.write(request);
                        out.flush();
                        readBody(in, buf, readHead(in), measured);
                        if (window.counts()) {
                            files.increment();
                        }
                    }
                } catch (IOException e) {
                    errors.increment();
                }
            }
        });
        double secs = duration.toNanos() / 1e9;
        return new Result(bytes.sum() / 1e6 / secs, files.sum(), bytes.sum(), errors.sum(), secs, usedCipher[0]);
    }

    /**
     * New connections with a full handshake: {@code clients} threads each connect, complete the handshake,
     * GET {@code path} (a small file, so the server has checked the client certificate and answered) and
     * close, invalidating the session so the next connection cannot resume it.
     *
     * @return connections per second
     */
    static Result handshakes(SSLContext ctx, int port, String path, String cipher, int clients, Duration warmup,
                             Duration duration) throws Exception {
        LongAdder done = new LongAdder();
        LongAdder errors = new LongAdder();
        String[] usedCipher = {null};
        Window window = Window.after(warmup, duration);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        run(clients, () -> {
            byte[] buf = new byte[16 * 1024];
            while (window.running()) {
                try (SSLSocket s = open(ctx, port, cipher)) {
                    s.startHandshake();
                    usedCipher[0] = s.getSession().getCipherSuite();
                    s.getOutputStream().write(request);
                    s.getOutputStream().flush();
                    InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
                    readBody(in, buf, readHead(in), n -> { });
                    s.getSession().invalidate(); // never resumed: every connection is a full handshake
                    if (window.counts()) {
                        done.increment();
                    }
                } catch (IOException e) {
                    errors.increment();
                }
            }
        });
        double secs = duration.toNanos() / 1e9;
        return new Result(done.sum() / secs, done.sum(), 0, errors.sum(), secs, usedCipher[0]);
    }

    private static SSLSocket open(SSLContext ctx, int port, String cipher) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(30_000);
        s.setTcpNoDelay(true);
        if (cipher != null) {
            s.setEnabledCipherSuites(new String[] {cipher});
            s.setEnabledProtocols(new String[] {cipher.startsWith("TLS_AES") || cipher.startsWith("TLS_CHACHA")
                    ? "TLSv1.3" : "TLSv1.2"});
        }
        return s;
    }

    /** The measured part of a run: {@code duration} after a warm-up; every loop stops at its end. */
    private record Window(long measureFrom, long end) {
        static Window after(Duration warmup, Duration duration) {
            long measureFrom = System.nanoTime() + warmup.toNanos();
            return new Window(measureFrom, measureFrom + duration.toNanos());
        }

        /** Whether the run goes on: the window has not ended. */
        boolean running() {
            return System.nanoTime() < end;
        }

        /** Whether what happens now counts: after the warm-up, before the end. */
        boolean counts() {
            long now = System.nanoTime();
            return now >= measureFrom && now < end;
        }
    }

    /** Reads a {@code length}-byte body through {@code buf}, telling {@code chunk} the size of each read. */
    private static void readBody(InputStream in, byte[] buf, long length, LongConsumer chunk) throws IOException {
        long got = 0;
        while (got < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length - got));
            if (n < 0) {
                throw new IOException("body ended after " + got + " of " + length);
            }
            got += n;
            chunk.accept(n);
        }
    }

    /** Reads a response head; returns its Content-Length; fails on a status other than 200. */
    private static long readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder(256);
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            int n = head.length();
            if (n >= 4 && head.charAt(n - 1) == '\n' && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n') {
                break;
            }
            if (n > 16 * 1024) {
                throw new IOException("response head too long");
            }
        }
        String h = head.toString();
        if (!h.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected response: " + h.lines().findFirst().orElse("(none)"));
        }
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        throw new IOException("no Content-Length");
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void run(int threads, Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                fs.add(pool.submit(() -> {
                    body.run();
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
