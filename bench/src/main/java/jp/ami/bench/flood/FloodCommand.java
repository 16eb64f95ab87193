package jp.ami.bench.flood;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import jp.ami.bench.BenchFiles;
import jp.ami.bench.BenchStaticBackend;
import jp.ami.certs.Pki;
import jp.ami.front.FrontConfig;
import jp.ami.front.FrontServer;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesServer;
import jp.ami.hes.RejectReason;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.retailer.TlsMaterial;
import jp.ami.sim.CoapBatchClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ami bench flood --report DIR}: a legitimate client's latency idle and under a flood, for the DMZ front
 * (a retailer downloading a file every 50 ms over mutual TLS, while {@code --tls} authenticated connections are held
 * open idle and {@code --slowloris} connections trickle a handshake, from other loopback addresses) and for the
 * head-end (a border router's batch of ten readings over CoAP every 50 ms, while junk datagrams and junk TCP frames
 * arrive from unknown sources). Both servers run with their production limits. The goal: the legitimate p99 within
 * 2× of idle, nothing legitimate refused. Writes {@code DIR/summary.json}.
 */
@Command(name = "flood", mixinStandardHelpOptions = true,
        description = "Legitimate latency idle vs. under connection floods (front) and junk floods (head-end); writes DIR/summary.json.")
public final class FloodCommand implements Callable<Integer> {
    static final String RETAILER = "R0013";
    static final String ATTACKER = "R0002";
    static final String FILE = "W41110202611220130000001.zip";

    @Option(names = "--report", defaultValue = "var/bench/flood", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path report;
    @Option(names = "--seconds", defaultValue = "15", description = "Measured seconds per phase (default: ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--tls", defaultValue = "1000", description = "Held TLS connections against the front (default: ${DEFAULT-VALUE}).")
    int tlsConnections;
    @Option(names = "--slowloris", defaultValue = "500", description = "Slowloris connections against the front (default: ${DEFAULT-VALUE}).")
    int slowloris;
    @Option(names = "--junk-rate", defaultValue = "10000", description = "Junk CoAP datagrams per second against the head-end (default: ${DEFAULT-VALUE}).")
    long junkRate;
    @Option(names = "--allow-routers", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Allow CoAP only from the border router's subnet (127.0.0.1/32); the junk comes from 127.0.1.x (default: ${DEFAULT-VALUE}).")
    boolean allowRouters;
    @Option(names = "--junk-tcp", defaultValue = "100", description = "Junk TCP connections against the head-end (default: ${DEFAULT-VALUE}).")
    int junkTcp;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(report);
        Path work = Files.createTempDirectory("ami-bench-flood");
        Map<String, Object> summary = new LinkedHashMap<>();
        try {
            summary.put("front", front(work));
            summary.put("hes", hes(work));
        } finally {
            BenchFiles.deleteRecursively(work);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.resolve("summary.json").toFile(), summary);
        System.out.println("flood: report " + report.resolve("summary.json"));
        return 0;
    }

    private Map<String, Object> front(Path work) throws Exception {
        Pki pki = Pki.ensure(work.resolve("pki"), List.of(RETAILER, ATTACKER), "bench");
        Path files = work.resolve("files");
        byte[] small = new byte[1024];
        new Random(2).nextBytes(small);
        Files.write(Files.createDirectories(files.resolve(RETAILER)).resolve(FILE), small);
        SSLContext retailer = TlsMaterial.fromPem(pki.clientCertificate(RETAILER), pki.clientPrivateKey(RETAILER), pki.caCertificate());
        SSLContext attacker = TlsMaterial.fromPem(pki.clientCertificate(ATTACKER), pki.clientPrivateKey(ATTACKER), pki.caCertificate());
        Map<String, Object> out = new LinkedHashMap<>();
        try (BenchStaticBackend backend = new BenchStaticBackend(files)) {
            FrontConfig config = FrontConfig.defaults(pki.dir().resolve("server.crt.pem"), pki.dir().resolve("server.key.pem"),
                            pki.caCertificate())
                    .withListen("127.0.0.1", 0).withBackend("127.0.0.1", backend.port())
                    .withRevocation(pki.dir().resolve("crl.pem"), pki.dir().resolve("suspended.txt"));
            try (FrontServer front = new FrontServer(config)) {
                int port = front.start();
                Download download = new Download(retailer, port);
                LatencyProbe.run(download, 50_000, 2); // warm-up
                LatencyProbe.Result idle = LatencyProbe.run(download, 50_000, seconds);
                print("front idle", idle);
                LatencyProbe.Result flooded;
                long t0 = System.nanoTime();
                try (FrontFlood flood = new FrontFlood(attacker, port, tlsConnections, slowloris)) {
                    double openSeconds = (System.nanoTime() - t0) / 1e9;
                    out.put("floodOpenSeconds", Math.round(openSeconds * 10) / 10.0);
                    out.put("tlsHeld", flood.tlsHeld());
                    out.put("slowlorisHeld", flood.slowHeld());
                    out.put("frontOpenConnectionsUnderFlood", front.openConnections());
                    flooded = LatencyProbe.run(download, 50_000, seconds);
                    out.put("floodReopened", flood.reopened());
                }
                print("front flood", flooded);
                download.close();
                out.put("idle", idle);
                out.put("flood", flooded);
                out.put("p99Ratio", ratio(flooded.p99Millis(), idle.p99Millis()));
                out.put("legitimateRefused", idle.failed() + flooded.failed());
            }
        }
        return out;
    }

    private Map<String, Object> hes(Path work) throws Exception {
        byte[] masterKey = java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        HesConfig config = HesConfig.builder(work.resolve("journal"), masterKey).tcpPort(0).coapPort(0).httpPort(0)
                .firstMeterId(1).meterCount(1_000_000).coapAllow(allowRouters ? List.of("127.0.0.1/32") : List.of()).build();
        Map<String, Object> out = new LinkedHashMap<>();
        MeterKeys keys = new MeterKeys(masterKey);
        try (HesServer hes = HesServer.start(config, Clock.systemUTC());
             CoapBatchClient router = new CoapBatchClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), hes.coapPort()), 5_000)) {
            long boundary = System.currentTimeMillis() / 1000 / 1800 * 1800;
            int[] k = {0};
            LatencyProbe.Request send = () -> {
                int n = k[0]++;
                AckFrame ack = router.send(CommPath.WISUN, 7, n + 1, HesFlood.legitimateBatch(keys, n, boundary)).get(10, TimeUnit.SECONDS);
                if (ack.status() != AckStatus.JOURNALED || ack.accepted() != 10) {
                    throw new IllegalStateException("legitimate batch " + n + " answered " + ack);
                }
            };
            LatencyProbe.run(send, 50_000, 2); // warm-up
            LatencyProbe.Result idle = LatencyProbe.run(send, 50_000, seconds);
            print("hes idle", idle);
            LatencyProbe.Result flooded;
            try (HesFlood flood = new HesFlood(hes.coapPort(), hes.tcpPort(), 2, junkTcp, junkRate)) {
                flooded = LatencyProbe.run(send, 50_000, seconds);
                out.put("junkDatagrams", flood.datagrams());
                out.put("junkTcpFrames", flood.tcpFrames());
            }
            print("hes flood", flooded);
            out.put("idle", idle);
            out.put("flood", flooded);
            out.put("p99Ratio", ratio(flooded.p99Millis(), idle.p99Millis()));
            out.put("legitimateRefused", idle.failed() + flooded.failed());
            out.put("malformedBatchesCounted", hes.stats().rejected(RejectReason.MALFORMED_BATCH));
            out.put("coapAllow", config.coapAllow());
            out.put("junkDatagramsDroppedBeforeParsing", hes.coapDroppedDatagrams());
        }
        return out;
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : Math.round(a / b * 100) / 100.0;
    }

    private static void print(String what, LatencyProbe.Result r) {
        System.out.printf("  %-12s %,6d requests, %d failed; p50 %.2f ms, p99 %.2f ms, max %.2f ms%s%n", what, r.requests(),
                r.failed(), r.p50Millis(), r.p99Millis(), r.maxMillis(), r.firstFailure() == null ? "" : " (" + r.firstFailure() + ")");
    }

    /** The retailer's keep-alive connection, re-opened when the front closes it. */
    static final class Download implements LatencyProbe.Request {
        private final SSLContext ctx;
        private final int port;
        private SSLSocket socket;

        Download(SSLContext ctx, int port) {
            this.ctx = ctx;
            this.port = port;
        }

        @Override
        public void run() throws Exception {
            if (socket == null || socket.isClosed()) {
                socket = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(10_000);
            }
            try {
                int status = FrontFlood.get(socket, "/30min/FileReceiver?file=" + FILE);
                if (status != 200) {
                    throw new IllegalStateException("legitimate download answered " + status);
                }
            } catch (java.io.IOException e) {
                socket.close();
                throw e;
            }
        }

        void close() throws java.io.IOException {
            if (socket != null) {
                socket.close();
            }
        }
    }
}
