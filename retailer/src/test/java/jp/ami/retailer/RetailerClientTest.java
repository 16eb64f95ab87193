package jp.ami.retailer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jp.ami.certs.Pki;
import jp.ami.front.FrontConfig;
import jp.ami.front.FrontServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Against a real {@link FrontServer} and a tiny backend that keeps each retailer's files apart. */
class RetailerClientTest {
    static final String A = "W41110202611220100000001.zip";
    static final String B = "W41110202611220130000001.zip";
    static final String C = "W41110202611220100000002.zip";
    static final String W4 = "W41110202611220200000001.zip";
    static final Map<String, Map<String, byte[]>> FILES = new LinkedHashMap<>();

    @TempDir
    static Path dir;
    static Pki pki;
    static HttpServer backend;
    static ExecutorService executor;
    static FrontServer front;
    static URI url;

    @BeforeAll
    static void start() throws Exception {
        byte[] big = new byte[300_000];
        new Random(1).nextBytes(big);
        FILES.put("R0013", new LinkedHashMap<>(Map.of(A, "zip-a".getBytes(StandardCharsets.US_ASCII), B, big)));
        FILES.put("R0042", Map.of(C, "zip-c".getBytes(StandardCharsets.US_ASCII)));
        pki = Pki.ensure(dir.resolve("pki"), List.of("R0013", "R0042"), "pw");

        executor = Executors.newCachedThreadPool();
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.setExecutor(executor);
        backend.createContext("/", RetailerClientTest::serve);
        backend.start();

        front = new FrontServer(FrontConfig.defaults(pki.serverCertificate(), pki.serverPrivateKey(), pki.caCertificate())
                .withListen("127.0.0.1", 0).withBackend("127.0.0.1", backend.getAddress().getPort()));
        url = URI.create("https://127.0.0.1:" + front.start());
    }

    @AfterAll
    static void stop() {
        front.close();
        backend.stop(0);
        executor.shutdownNow();
    }

    /** The internal service: lists and serves only the files of the operator named by X-Ami-Operator. */
    private static void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String operator = ex.getRequestHeaders().getFirst("X-Ami-Operator");
            String path = ex.getRequestURI().getPath();
            String prefix = path.startsWith("/usage/") ? "W5" : "W4";
            Map<String, byte[]> mine = new LinkedHashMap<>();
            FILES.getOrDefault(operator, Map.of()).forEach((n, b) -> {
                if (n.startsWith(prefix)) {
                    mine.put(n, b);
                }
            });
            byte[] body;
            if (path.endsWith("/FileListReceiver")) {
                String accept = ex.getRequestHeaders().getFirst("Accept");
                if (accept != null && accept.contains("application/json")) {
                    StringJoiner j = new StringJoiner(",", "{\"operator\":\"" + operator + "\",\"files\":[", "]}");
                    mine.forEach((n, b) -> j.add("{\"name\":\"" + n + "\",\"size\":" + b.length + "}"));
                    body = j.toString().getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                } else {
                    StringJoiner j = new StringJoiner(",", "<html><head><comment>", "</comment></head><body></body></html>");
                    int i = 1;
                    for (Map.Entry<String, byte[]> e : mine.entrySet()) {
                        j.add("rfilename" + i + ":\"" + e.getKey() + "\",rfilesize" + i + ":\"" + e.getValue().length + "\"");
                        i++;
                    }
                    body = j.toString().getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
                }
            } else {
                String query = ex.getRequestURI().getQuery();
                body = query == null ? null : mine.get(query.substring("file=".length()));
                if (body == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                ex.getResponseHeaders().set("Content-Type", "application/zip");
            }
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    private static RetailerClient client(String operator) throws IOException {
        return new RetailerClient(url, TlsMaterial.fromPkcs12(pki.clientPkcs12(operator), "pw".toCharArray(),
                pki.caCertificate()));
    }

    @Test
    void listsOwnFilesInBothForms() throws IOException {
        List<RemoteFile> expected = List.of(new RemoteFile(A, 5), new RemoteFile(B, 300_000));
        assertThat(client("R0013").list()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(client("R0013").listJson()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(client("R0042").list()).containsExactly(new RemoteFile(C, 5));
    }

    @Test
    void downloadsToMemoryAndToDirectory() throws IOException {
        RetailerClient c = client("R0013");
        assertThat(c.download(A)).isEqualTo(FILES.get("R0013").get(A));
        Path out = dir.resolve("out1");
        Path p = c.download(new RemoteFile(B, 300_000), out);
        assertThat(p).isEqualTo(out.resolve(B));
        assertThat(Files.readAllBytes(p)).isEqualTo(FILES.get("R0013").get(B));
        try (var s = Files.list(out)) {
            assertThat(s.toList()).containsExactly(out.resolve(B)); // no leftover .part file
        }
    }

    @Test
    void sizeMismatchWithTheListIsAnError() {
        assertThatThrownBy(() -> client("R0013").download(new RemoteFile(A, 6), dir.resolve("out2")))
                .isInstanceOf(IOException.class).hasMessageContaining("announced 6");
        assertThat(dir.resolve("out2").resolve(A)).doesNotExist();
    }

    @Test
    void anotherRetailersFileIs404() {
        assertThatThrownBy(() -> client("R0013").download(C))
                .isInstanceOfSatisfying(RetailerHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void badNameIsNeverRequested() {
        assertThatThrownBy(() -> client("R0013").download("../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file: \"../../etc/passwd\"");
    }

    @Test
    void noClientCertificateFailsInTls() throws IOException {
        RetailerClient anonymous = new RetailerClient(url, TlsMaterial.withoutClientCertificate(pki.caCertificate()));
        assertThatThrownBy(anonymous::list).isInstanceOf(IOException.class) // normally RetailerTlsException (alert certificate_required)
                .isNotInstanceOf(RetailerHttpException.class);
    }

    @Test
    void pemCredentialsWork() throws IOException {
        RetailerClient c = new RetailerClient(url, TlsMaterial.fromPem(pki.clientCertificate("R0042"),
                pki.clientPrivateKey("R0042"), pki.caCertificate()));
        assertThat(c.download(C)).isEqualTo(FILES.get("R0042").get(C));
    }

    @Test
    void pullCommandDownloadsOnlyMissingFiles() throws IOException {
        Path out = dir.resolve("pulled");
        String[] args = {"pull", "--url", url.toString(), "--p12", pki.clientPkcs12("R0013").toString(),
                "--password", "pw", "--ca", pki.caCertificate().toString(), "--out", out.toString()};
        assertThat(run(args)).contains("2 listed, 2 downloaded");
        assertThat(out.resolve(A)).hasBinaryContent(FILES.get("R0013").get(A));
        assertThat(out.resolve(B)).hasBinaryContent(FILES.get("R0013").get(B));
        assertThat(run(args)).contains("2 listed, 0 downloaded");
        assertThat(PullState.load(out).files()).containsOnlyKeys(A, B).containsEntry(B, 300_000L);
        Files.delete(out.resolve(A)); // remembered in the state file: not fetched again
        assertThat(run(args)).contains("2 listed, 0 downloaded");
        FILES.get("R0013").put(W4, W4FilesTest.zipBytes());
        try {
            String third = run(append(args, "--unzip", "--csv"));
            assertThat(third).contains("3 listed, 1 downloaded").contains("2 rows");
            assertThat(out.resolve("xml").resolve(W4.replace(".zip", ".xml"))).exists();
            assertThat(Files.readString(out.resolve("csv").resolve(W4.replace(".zip", ".csv"))))
                    .contains("0310111001234567890000,2026-11-22,2,0,0.1520");
        } finally {
            FILES.get("R0013").remove(W4);
        }

        Path pemOut = dir.resolve("pulled-pem");
        assertThat(run("pull", "--url", url.toString(), "--cert", pki.clientCertificate("R0042").toString(),
                "--key", pki.clientPrivateKey("R0042").toString(), "--ca", pki.caCertificate().toString(),
                "--out", pemOut.toString(), "--json")).contains("1 listed, 1 downloaded");
        assertThat(pemOut.resolve(C)).exists();
    }

    static final String W5 = "W51220202611240000001.zip";

    /** A monthly notice as the MDMS writes it (one record, the per-slot breakdown left out). */
    static byte[] w5Zip() throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SBD-MSG><JPMGRP><JPMGH><JPC03>20261124005000</JPC03></JPMGH><JPTRM>"
                + "<JP00002>1220</JP00002><JP06110>03T01</JP06110><JP06112>R0013</JP06112><JP06116>20261124</JP06116>"
                + "<JP06401>202611</JP06401><JPM00010><JPMR00010><JP06400>0310111001234567890000</JP06400><JP06405>0</JP06405>"
                + "<JP06408>20261024</JP06408><JP06409>20261123</JP06409><JP06426>123.4500</JP06426><JP06428>0</JP06428>"
                + "<JP06429>123.4500</JP06429><JP06445>2.1000</JP06445><JP06446>20261222</JP06446>"
                + "<JPM00013><JPMR00013><JP06423>20261024</JP06423><JPM00014><JPMR00014><JP06219>1</JP06219><JP06122>0</JP06122>"
                + "<JP06424>0.1000</JP06424></JPMR00014></JPM00014></JPMR00013></JPM00013></JPMR00010>"
                + "<JPMR00010><JP06400>0310111001234567890100</JP06400><JP06405>1</JP06405></JPMR00010></JPM00010></JPTRM></JPMGRP></SBD-MSG>";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(b)) {
            java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(W5.replace(".zip", ".xml"));
            e.setTime(0); // the same bytes on every call
            z.putNextEntry(e);
            z.write(xml.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    @Test
    void pullCommandFetchesTheConfirmedUsageNoticesToo_andTurnsThemIntoCsv() throws IOException {
        FILES.get("R0013").put(W5, w5Zip());
        try {
            Path out = dir.resolve("pulled-usage");
            String[] args = {"pull", "--url", url.toString(), "--p12", pki.clientPkcs12("R0013").toString(),
                    "--password", "pw", "--ca", pki.caCertificate().toString(), "--out", out.toString(), "--stream", "usage", "--csv"};
            assertThat(run(args)).contains("1 listed, 1 downloaded").contains("2 rows");
            assertThat(Files.readAllLines(out.resolve("csv").resolve(W5.replace(".zip", ".csv")))).containsExactly(W5Files.CSV_HEADER,
                    "0310111001234567890000,1220,20261124,20261024,20261123,0,123.4500,0,123.4500,2.1000,20261222,",
                    "0310111001234567890100,1220,20261124,,,1,,,,,,");
            assertThat(out.resolve(A)).doesNotExist(); // --stream usage: no W4 file
            assertThat(client("R0013").listJson(RetailerClient.Stream.USAGE)).containsExactly(new RemoteFile(W5, w5Zip().length));
            assertThat(client("R0013").list()).extracting(RemoteFile::name).doesNotContain(W5);
            assertThat(client("R0042").listJson(RetailerClient.Stream.USAGE)).isEmpty();
            assertThatThrownBy(() -> client("R0042").download(W5)).isInstanceOf(RetailerHttpException.class);
        } finally {
            FILES.get("R0013").remove(W5);
        }
    }

    private static String[] append(String[] a, String... more) {
        String[] r = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, r, a.length, more.length);
        return r;
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new RetailerCommand());
        cl.setOut(new PrintWriter(out, true));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        assertThat(status).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void a_rate_limited_request_waits_as_the_front_asks_and_succeeds() throws Exception {
        // a front allowing R0013 one request per second after a burst of 2: the 3rd and 4th list are answered 429 first
        FrontConfig.Limits d = FrontConfig.Limits.defaults();
        FrontConfig.Limits tight = new FrontConfig.Limits(1, 2, d.ipRequestsPerSecond(), d.ipBurst(), d.maxConnectionsPerIp(),
                d.maxConnections(), d.idleTimeout(), d.requestHeaderTimeout());
        try (FrontServer limited = new FrontServer(FrontConfig.defaults(pki.serverCertificate(), pki.serverPrivateKey(), pki.caCertificate())
                .withListen("127.0.0.1", 0).withBackend("127.0.0.1", backend.getAddress().getPort()).withLimits(tight))) {
            URI limitedUrl = URI.create("https://127.0.0.1:" + limited.start());
            RetailerClient c = new RetailerClient(limitedUrl, TlsMaterial.fromPkcs12(pki.clientPkcs12("R0013"), "pw".toCharArray(),
                    pki.caCertificate()));
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                assertThat(c.list()).hasSize(FILES.get("R0013").size());
            }
            // the front refused at least once and the client waited its Retry-After (1 s) before succeeding
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(900));
        }
    }
}
