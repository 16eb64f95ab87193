package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.net.ssl.SSLSocket;
import jp.ami.service.testing.Curl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real front and a backend that keeps each operator's files apart: a retailer sees and gets
 * only its own files; bad requests get a 4xx that names nothing internal; Range/ETag pass through; and a
 * plain {@code curl --cert … --key …} pull works as the README shows it.
 */
@ExtendWith(NamedResults.class)
class IsolationAndCurlTest {
    static final String MINE = "W41110202611220100000001.zip";
    static final String MINE2 = "W41110202611220130000001.zip";
    static final String THEIRS = "W41110202611220100000002.zip";

    @TempDir
    Path dir;
    Fixture pki;
    FileBackend backend;
    FrontServer front;
    int port;
    byte[] big;

    @BeforeEach
    void start() throws Exception {
        pki = new Fixture(dir.resolve("pki"), "R0013", "R0042");
        backend = new FileBackend();
        big = new byte[200_000];
        new Random(7).nextBytes(big);
        backend.put("R0013", MINE, "zip-13-a".getBytes(StandardCharsets.US_ASCII));
        backend.put("R0013", MINE2, big);
        backend.put("R0042", THEIRS, "zip-42-secret".getBytes(StandardCharsets.US_ASCII));
        front = new FrontServer(pki.config(backend.port()));
        port = front.start();
    }

    @AfterEach
    void stop() {
        front.close();
        backend.close();
    }

    private String get(String operator, String pathAndQuery, String... headers) throws Exception {
        try (SSLSocket s = Fixture.connect(pki.context(pki.client(operator)), port)) {
            return Fixture.get(s, pathAndQuery, headers);
        }
    }

    @Test
    void eachRetailerSeesAndFetchesOnlyItsOwnFiles() throws Exception {
        String list13 = get("R0013", "/30min/FileListReceiver");
        assertThat(list13).startsWith("HTTP/1.1 200").contains("rfilename1:\"" + MINE + "\"").contains(MINE2)
                .doesNotContain(THEIRS);
        String json42 = get("R0042", "/30min/FileListReceiver", "Accept: application/json");
        assertThat(json42).contains("\"operator\":\"R0042\"").contains(THEIRS).doesNotContain(MINE);
        assertThat(get("R0013", "/30min/FileListReceiver?since=" + MINE, "Accept: application/json"))
                .contains(MINE2).doesNotContain("\"" + MINE + "\"");

        assertThat(get("R0013", "/30min/FileReceiver?file=" + MINE)).startsWith("HTTP/1.1 200").endsWith("zip-13-a");
        String stolen = get("R0013", "/30min/FileReceiver?file=" + THEIRS);
        assertThat(stolen).startsWith("HTTP/1.1 404").doesNotContain("secret");
        // a spoofed operator header or parameter changes nothing
        assertThat(get("R0013", "/30min/FileReceiver?file=" + THEIRS, "X-Ami-Operator: R0042")).startsWith("HTTP/1.1 404");
        assertThat(get("R0013", "/30min/FileReceiver?file=" + THEIRS + "&operator=R0042")).startsWith("HTTP/1.1 400");
        assertThat(get("R0042", "/30min/FileReceiver?file=" + THEIRS)).startsWith("HTTP/1.1 200").endsWith("zip-42-secret");
    }

    @Test
    void traversalUnknownPathsAndBadQueriesGet4xxWithoutInternalDetails() throws Exception {
        String[] bad = {
            "/30min/FileReceiver?file=../R0042/" + THEIRS, "/30min/FileReceiver?file=..%2FR0042%2F" + THEIRS,
            "/30min/FileReceiver?file=%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/30min/FileReceiver?file=" + MINE + "%00.txt",
            "/30min/../30min/FileListReceiver", "/30min/%2e%2e/admin", "/internal/detail", "/", "/30min/FileReceiver",
            "/30min/FileReceiver?file=", "/30min/FileReceiver?file=%zz", "/30min/FileListReceiver?since=x",
            "/30min/FileListReceiver?since=" + MINE + "&since=" + MINE2, "/30min/FileReceiver?file=" + MINE + "#x",
        };
        for (String uri : bad) {
            String r = get("R0013", uri);
            assertThat(r).as(uri).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
            String body = r.substring(r.indexOf("\r\n\r\n") + 4);
            assertThat(body).as(uri).matches("4\\d\\d [A-Za-z ]+\n");
            assertThat(r).as(uri).doesNotContainIgnoringCase("netty").doesNotContain("127.0.0.1")
                    .doesNotContain("internal").doesNotContain("Exception").doesNotContainIgnoringCase("server:");
        }
        assertThat(front.rejections().get(Rejection.NOT_FOUND) + front.rejections().get(Rejection.BAD_REQUEST))
                .isEqualTo(bad.length);
    }

    @Test
    void rangeAndEtagPassThroughWithoutBuffering() throws Exception {
        String full = get("R0013", "/30min/FileReceiver?file=" + MINE2);
        assertThat(head(full)).contains("content-length: " + big.length).contains("etag: " + FileBackend.etag(big));
        String part = get("R0013", "/30min/FileReceiver?file=" + MINE2, "Range: bytes=100-199");
        assertThat(head(part)).startsWith("http/1.1 206").contains("content-range: bytes 100-199/" + big.length)
                .contains("content-length: 100");
        assertThat(part.substring(part.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo(java.util.Arrays.copyOfRange(big, 100, 200));
        assertThat(get("R0013", "/30min/FileReceiver?file=" + MINE2, "If-None-Match: " + FileBackend.etag(big)))
                .startsWith("HTTP/1.1 304");
        // a malformed Range is dropped (the whole file comes back), never forwarded raw
        assertThat(get("R0013", "/30min/FileReceiver?file=" + MINE2, "Range: bytes=1-2\r\nX-Evil: 1"))
                .startsWith("HTTP/1.1 206");
        assertThat(get("R0013", "/30min/FileReceiver?file=" + MINE2, "Range: lines=1-2")).startsWith("HTTP/1.1 200");
    }

    private static String head(String response) {
        return response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
    }

    /** Runs the real curl binary exactly as the README shows (PEM certificate and key, our CA). */
    @Test
    void plainCurlPull() throws Exception {
        Curl.assumeInstalled();
        String base = "https://localhost:" + port;
        String list = curl(base + "/30min/FileListReceiver");
        assertThat(list).contains("rfilename1:\"" + MINE + "\"").doesNotContain(THEIRS);
        Path out = dir.resolve(MINE2);
        curl("-o", out.toString(), base + "/30min/FileReceiver?file=" + MINE2);
        assertThat(Files.readAllBytes(out)).isEqualTo(big);
        String json = curl("-H", "Accept: application/json", base + "/30min/FileListReceiver");
        assertThat(json).startsWith("{\"operator\":\"R0013\"");
    }

    private String curl(String... args) throws IOException, InterruptedException {
        return new Curl(pki.pki.caCertificate(), pki.pki.clientCertificate("R0013"), pki.pki.clientPrivateKey("R0013")).fetch(args);
    }
}
