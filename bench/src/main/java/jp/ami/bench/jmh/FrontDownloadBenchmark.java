package jp.ami.bench.jmh;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import jp.ami.certs.Pki;
import jp.ami.front.FrontConfig;
import jp.ami.front.FrontServer;
import jp.ami.mdms.delivery.DeliveryService;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.model.OperatorCode;
import jp.ami.retailer.TlsMaterial;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A retailer fetching from the DMZ front over mutual TLS, all in this JVM on loopback: one keep-alive JDK TLS
 * client connection (the retailer's client certificate from {@link Pki#ensure}, TLS 1.3
 * {@code TLS_AES_128_GCM_SHA256} only, as {@code bench front} offers) → {@link FrontServer} (client-certificate
 * check, CRL and suspension list configured, rate limits off as in {@code bench front}, 2 I/O threads) → a new
 * plain-HTTP loopback connection per request → the MDMS {@link DeliveryService} serving the retailer's
 * {@link Outbox} (zero-copy file regions). The real delivery service is the backend here rather than
 * {@code bench front}'s {@code BenchStaticBackend}, which serves no file list.
 * <ul>
 *   <li>{@link #download}: {@code GET /30min/FileReceiver?file=…} of a 1 MiB file, the body read to its end; score
 *       = downloads/s, returns the body's byte count. MB/s (10^6 B) = score × 1.048576, MiB/s = score.</li>
 *   <li>{@link #listFiles}: {@code GET /30min/FileListReceiver} ({@code Accept: application/json}) of the
 *       retailer's 48 files (the 1 MiB one and 47 of 1 KB, a day of slots); score = lists/s.</li>
 * </ul>
 * Handshake and connection set-up are in {@code @Setup}, not measured (see {@code bench front} for handshakes/s).
 * The client, the front and the backend share the cores.
 */
public class FrontDownloadBenchmark extends ThroughputBenchmark {
    static final String OPERATOR = "R0013";
    static final int FILE_BYTES = 1 << 20;
    static final int FILES = 48;
    static final String BIG = "W41110202611220100000001.zip";
    static final String CIPHER = "TLS_AES_128_GCM_SHA256";

    private Path work;
    private DeliveryService backend;
    private FrontServer front;
    private SSLSocket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] buf = new byte[256 * 1024];
    private byte[] downloadRequest;
    private byte[] listRequest;

    @Setup(Level.Trial)
    public void start() throws Exception {
        work = Files.createTempDirectory("jmh-front");
        Pki pki = Pki.ensure(work.resolve("pki"), List.of(OPERATOR), "bench");
        Outbox outbox = Outbox.open(work.resolve("outbox"));
        OperatorCode retailer = OperatorCode.of(OPERATOR);
        byte[] big = new byte[FILE_BYTES];
        new Random(1).nextBytes(big);
        outbox.publish(retailer, BIG, o -> o.write(big));
        byte[] small = new byte[1024];
        new Random(2).nextBytes(small);
        for (int i = 1; i < FILES; i++) { // the other slots of the day: W4 11 10 2026112201 30 00 0001 …
            String name = String.format(Locale.ROOT, "W41110202611%02d%02d%02d000001.zip", 22 + (i + 2) / 48, (i + 2) / 2 % 24,
                    (i % 2) * 30);
            outbox.publish(retailer, name, o -> o.write(small));
        }
        if (outbox.list(OPERATOR).size() != FILES) {
            throw new IllegalStateException("outbox holds " + outbox.list(OPERATOR).size() + " files, not " + FILES);
        }
        backend = new DeliveryService(outbox, 0);
        FrontConfig config = FrontConfig.defaults(pki.serverCertificate(), pki.serverPrivateKey(), pki.caCertificate())
                .withListen("127.0.0.1", 0).withIoThreads(2).withBackend("127.0.0.1", backend.port())
                .withRevocation(pki.crl(), pki.suspended())
                // as bench front: one operator hammering on purpose, rate limits off, connection limits high
                .withLimits(new FrontConfig.Limits(0, 1, 0, 1, 10_000, 100_000,
                        FrontConfig.Limits.DEFAULT_IDLE_TIMEOUT, FrontConfig.Limits.DEFAULT_REQUEST_HEADER_TIMEOUT));
        front = new FrontServer(config);
        int port = front.start();
        SSLContext client = TlsMaterial.fromPem(pki.clientCertificate(OPERATOR), pki.clientPrivateKey(OPERATOR),
                pki.caCertificate());
        socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        socket.setEnabledCipherSuites(new String[] {CIPHER});
        socket.setEnabledProtocols(new String[] {"TLSv1.3"});
        socket.startHandshake();
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        downloadRequest = ("GET /30min/FileReceiver?file=" + BIG + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/zip\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        listRequest = "GET /30min/FileListReceiver HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        // both answer as expected before anything is measured
        if (download() != FILE_BYTES) {
            throw new IllegalStateException("downloaded size differs from " + FILE_BYTES);
        }
        java.io.ByteArrayOutputStream listed = new java.io.ByteArrayOutputStream();
        fetch(listRequest, listed);
        String list = listed.toString(StandardCharsets.UTF_8);
        if (!list.contains(BIG) || list.split("\"name\"").length != FILES + 1) {
            throw new IllegalStateException("unexpected file list: " + list);
        }
    }

    /** One download of the 1 MiB file; returns its byte count. */
    @Benchmark
    public long download() throws IOException {
        return fetch(downloadRequest, null);
    }

    /** One file list (JSON, 48 entries); returns its byte count. */
    @Benchmark
    public long listFiles() throws IOException {
        return fetch(listRequest, null);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        try {
            if (socket != null) {
                socket.close();
            }
        } finally {
            try {
                if (front != null) {
                    front.close();
                }
            } finally {
                if (backend != null) {
                    backend.close();
                }
                jp.ami.bench.BenchFiles.deleteRecursively(work);
            }
        }
    }

    /** Sends a request and reads the whole response body (Content-Length or chunked), into {@code keep} if given. */
    private long fetch(byte[] request, java.io.ByteArrayOutputStream keep) throws IOException {
        out.write(request);
        out.flush();
        long length = readHead(in);
        if (length >= 0) {
            return readBody(length, keep);
        }
        long total = 0; // chunked
        while (true) {
            String size = readLine(in);
            int semi = size.indexOf(';');
            long n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            if (n == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return total;
            }
            total += readBody(n, keep);
            readLine(in);
        }
    }

    private long readBody(long length, java.io.ByteArrayOutputStream keep) throws IOException {
        long got = 0;
        while (got < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length - got));
            if (n < 0) {
                throw new IOException("body ended after " + got + " of " + length);
            }
            if (keep != null) {
                keep.write(buf, 0, n);
            }
            got += n;
        }
        return got;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(16);
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        if (c < 0) {
            throw new IOException("connection closed");
        }
        return sb.toString();
    }

    /** Reads a response head; its Content-Length, or -1 for a chunked body; fails on a status other than 200. */
    private static long readHead(InputStream in) throws IOException {
        String status = readLine(in);
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected response: " + status);
        }
        long length = -2;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                length = -1;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                throw new IOException("the front closes the connection: " + line);
            }
        }
        if (length == -2) {
            throw new IOException("neither Content-Length nor chunked");
        }
        return length;
    }
}
