package jp.ami.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import jp.ami.certs.Pki;
import jp.ami.retailer.TlsMaterial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench front --report DIR}: the DMZ front (with its static-file backend, in a JVM of its own) against
 * nginx (client-certificate verification on, same CA, same server certificate, same files), both on loopback,
 * measured in one run by the same JDK TLS load generator:
 * <ol>
 *   <li>download MB/s: {@code --clients} keep-alive connections downloading a {@code --file-mb} file repeatedly;</li>
 *   <li>new connections with a full handshake per second: {@code --clients} threads connecting, fetching a 1 KB
 *       file and closing, the session invalidated each time (no resumption).</li>
 * </ol>
 * Writes {@code DIR/summary.json} and {@code DIR/report.md}.
 */
@Command(name = "front", mixinStandardHelpOptions = true,
        description = "Compare the DMZ front with nginx (mutual TLS, same certificates and files): download MB/s and"
                + " full handshakes/s; writes DIR/summary.json and DIR/report.md.")
public final class FrontBenchCommand implements Callable<Integer> {
    static final String OPERATOR = "R0013";
    static final String BIG = "W41110202611220100000001.zip";
    static final String SMALL = "W41110202611220130000001.zip";
    /** Length of one alternating measurement slice. */
    static final int SLICE_SECONDS = 5;

    @Option(names = "--report", required = true, description = "directory for summary.json and report.md")
    Path report;
    @Option(names = "--seconds", defaultValue = "20", description = "measured seconds per measurement (default: ${DEFAULT-VALUE})")
    int seconds;
    @Option(names = "--warmup", defaultValue = "3", description = "warm-up seconds before each measurement (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--clients", defaultValue = "4", description = "concurrent client connections/threads (default: ${DEFAULT-VALUE})")
    int clients;
    @Option(names = "--file-mb", defaultValue = "20", description = "size of the downloaded file in MB (default: ${DEFAULT-VALUE})")
    int fileMb;
    @Option(names = "--cipher", defaultValue = "TLS_AES_128_GCM_SHA256",
            description = "the one cipher suite the clients offer, so both servers use the same (default: ${DEFAULT-VALUE})")
    String cipher;
    @Option(names = "--front-io-threads", defaultValue = "2", description = "front I/O threads (default: ${DEFAULT-VALUE}, = cores here, like nginx workers)")
    int frontIoThreads;
    @Option(names = "--nginx-workers", defaultValue = "2", description = "nginx worker processes (default: ${DEFAULT-VALUE}, = cores here)")
    int nginxWorkers;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(report);
        Path work = Files.createTempDirectory("ami-bench-front");
        Pki pki = Pki.ensure(work.resolve("pki"), List.of(OPERATOR), "bench");
        Path files = work.resolve("files");
        Path mine = Files.createDirectories(files.resolve(OPERATOR));
        byte[] big = new byte[fileMb * 1_000_000];
        new Random(1).nextBytes(big);
        Files.write(mine.resolve(BIG), big);
        byte[] small = new byte[1024];
        new Random(2).nextBytes(small);
        Files.write(mine.resolve(SMALL), small);
        SSLContext client = TlsMaterial.fromPem(pki.clientCertificate(OPERATOR), pki.clientPrivateKey(OPERATOR),
                pki.caCertificate());
        Duration warm = Duration.ofSeconds(warmup);
        Duration measure = Duration.ofSeconds(seconds);
        String bigPath = "/30min/FileReceiver?file=" + BIG;
        String smallPath = "/30min/FileReceiver?file=" + SMALL;

        Path nginxBin = NginxPeer.ensureInstalled(System.out);
        TlsLoad.Result frontMb;
        TlsLoad.Result frontHs;
        TlsLoad.Result nginxMb;
        TlsLoad.Result nginxHs;
        String frontProvider;
        String nginxVersion;
        // both servers up at once (the idle one costs nothing); measured in A-B-B-A order so that a drift in
        // the machine's load (other work on the same cores) falls on both alike
        Process front = startFront(pki.dir(), files, frontIoThreads);
        try (NginxPeer nginx = NginxPeer.start(nginxBin, work.resolve("nginx"), pki.dir(), mine, BenchFiles.freeLoopbackPort(), nginxWorkers)) {
            String[] ready = awaitReady(front);
            int port = Integer.parseInt(ready[1]);
            frontProvider = ready[2];
            nginxVersion = nginx.version;
            System.out.printf("front on :%d (TLS provider %s); %s on :%d%n", port, frontProvider, nginxVersion, nginx.port);
            // warm-up (JIT, page cache, sessions), not counted
            TlsLoad.download(client, port, bigPath, cipher, clients, Duration.ZERO, warm);
            TlsLoad.download(client, nginx.port, bigPath, cipher, clients, Duration.ZERO, warm);
            TlsLoad.handshakes(client, port, smallPath, cipher, clients, Duration.ZERO, warm);
            TlsLoad.handshakes(client, nginx.port, smallPath, cipher, clients, Duration.ZERO, warm);
            // the measured time is cut into slices alternating front/nginx (A-B, B-A, …), so a change in the
            // machine's load from other work falls on both servers alike
            int rounds = Math.max(1, (seconds + SLICE_SECONDS - 1) / SLICE_SECONDS);
            Duration slice = Duration.ofMillis(seconds * 1000L / rounds);
            Compared mb = alternate(rounds, true, port, nginx.port, true, "download  ", " MB/s",
                    p -> TlsLoad.download(client, p, bigPath, cipher, clients, Duration.ZERO, slice));
            frontMb = mb.front();
            nginxMb = mb.nginx();
            Compared hs = alternate(rounds, false, port, nginx.port, false, "handshakes", " /s",
                    p -> TlsLoad.handshakes(client, p, smallPath, cipher, clients, Duration.ZERO, slice));
            frontHs = hs.front();
            nginxHs = hs.nginx();
        } finally {
            stop(front);
        }
        double rMb = frontMb.perSecond() / nginxMb.perSecond();
        double rHs = frontHs.perSecond() / nginxHs.perSecond();
        String json = String.format(Locale.ROOT,
                "{\"front\":{\"mbPerSec\":%.1f,\"handshakesPerSec\":%.1f},\"nginx\":{\"mbPerSec\":%.1f,\"handshakesPerSec\":%.1f},"
                        + "\"ratio\":{\"mbPerSec\":%.3f,\"handshakesPerSec\":%.3f}}%n",
                frontMb.perSecond(), frontHs.perSecond(), nginxMb.perSecond(), nginxHs.perSecond(), rMb, rHs);
        Files.writeString(report.resolve("summary.json"), json);
        Files.writeString(report.resolve("report.md"), report(frontMb, frontHs, nginxMb, nginxHs, rMb, rHs,
                frontProvider, nginxVersion));
        System.out.print(json);
        try {
            BenchFiles.deleteRecursively(work);
        } catch (java.io.IOException ignored) {
            // temp files; best effort
        }
        return 0;
    }

    /** One kind of measurement of both servers, each summed over its slices. */
    private record Compared(TlsLoad.Result front, TlsLoad.Result nginx) {
    }

    /** One measurement of the server on a port. */
    private interface Measure {
        TlsLoad.Result at(int port) throws Exception;
    }

    /**
     * {@code rounds} rounds of one slice each of front and nginx, the first round starting with the front when
     * {@code frontStarts}, then alternating (A-B, B-A, …); returns the front's and nginx's slices each summed
     * ({@link TlsLoad.Result#sum} with {@code mb}), after printing them as {@code what} in {@code unit}.
     */
    private static Compared alternate(int rounds, boolean frontStarts, int frontPort, int nginxPort, boolean mb,
                                      String what, String unit, Measure measure) throws Exception {
        List<TlsLoad.Result> front = new ArrayList<>();
        List<TlsLoad.Result> nginx = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            boolean frontFirst = (r % 2 == 0) == frontStarts;
            for (int k = 0; k < 2; k++) {
                boolean f = frontFirst == (k == 0);
                (f ? front : nginx).add(measure.at(f ? frontPort : nginxPort));
            }
        }
        Compared sums = new Compared(TlsLoad.Result.sum(front, mb), TlsLoad.Result.sum(nginx, mb));
        print("front  " + what, sums.front(), unit);
        print("nginx  " + what, sums.nginx(), unit);
        return sums;
    }

    private static void print(String what, TlsLoad.Result r, String unit) {
        System.out.printf(Locale.ROOT, "%s %.1f%s (%d done, %d errors, %s)%n", what, r.perSecond(), unit, r.count(),
                r.errors(), r.cipher());
    }

    private String report(TlsLoad.Result fMb, TlsLoad.Result fHs, TlsLoad.Result nMb, TlsLoad.Result nHs,
                          double rMb, double rHs, String provider, String nginxVersion) {
        return String.format(Locale.ROOT, """
                # DMZ front vs nginx (mutual TLS)

                Run %s on %d cores (%s, Java %s). Client, front (+ its backend) and nginx share the machine, loopback only.

                | | front | nginx | ratio front/nginx |
                |---|---|---|---|
                | download MB/s (10^6 B/s, %d clients, %d MB file, %d s) | %.1f | %.1f | %.3f |
                | new connections with full handshake /s (%d clients, 1 KB GET each, %d s) | %.1f | %.1f | %.3f |
                | downloads / connections counted | %d / %d | %d / %d | |
                | errors (download / handshake) | %d / %d | %d / %d | |

                Both servers: TLS 1.2/1.3, client certificate required from the same CA, same ECDSA P-256 server
                certificate; clients offer only %s (negotiated: front %s, nginx %s). Sessions are invalidated after
                each handshake-test connection, so none is resumed.

                - front: `jp.ami.front.FrontServer` (TLS provider %s, %d I/O threads; CRL and suspension list configured; rate limits
                  off for the run) in its own JVM, reverse-proxying each request over a new loopback HTTP connection to
                  a minimal Netty static-file backend (`BenchStaticBackend`, zero-copy file regions) in that JVM.
                - nginx: %s from the Debian packages, `ssl_verify_client on`, %d worker processes, serving the files
                  directly (`try_files`), no proxy hop, no per-operator authorisation.
                - load: `TlsLoad`, JDK TLS client threads in the benchmark JVM; %d s warm-up per server and
                  measurement; both servers run during the whole run and are measured in alternating slices of
                  about 5 s (front, nginx, nginx, front, …) so that load from other work on the machine falls on
                  both alike.

                Goal: both ratios ≥ 0.8.
                """, Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("java.version"), clients, fileMb, seconds, fMb.perSecond(), nMb.perSecond(), rMb,
                clients, seconds, fHs.perSecond(), nHs.perSecond(), rHs, fMb.count(), fHs.count(), nMb.count(),
                nHs.count(), fMb.errors(), fHs.errors(), nMb.errors(), nHs.errors(), cipher, fMb.cipher(), nMb.cipher(),
                provider, frontIoThreads, nginxVersion, nginxWorkers, warmup);
    }

    private static Process startFront(Path pki, Path files, int ioThreads) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                FrontBenchServer.class.getName(), pki.toString(), files.toString(), "0",
                Integer.toString(ioThreads)));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String[] awaitReady(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (int i = 0; i < 1000; i++) {
            String line = r.readLine();
            if (line == null) {
                throw new IllegalStateException("front process ended before it was ready");
            }
            if (line.startsWith("READY ")) {
                return line.split(" ");
            }
        }
        throw new IllegalStateException("front process did not report READY");
    }

    private static void stop(Process p) throws InterruptedException {
        try {
            p.getOutputStream().close(); // FrontBenchServer exits when its stdin closes
        } catch (java.io.IOException ignored) {
            // already gone
        }
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
