package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What crosses the front, byte for byte, in both directions: the request the backend gets (only the headers
 * the front vouches for, the operator from the certificate) and the response the client gets (hop-by-hop
 * headers and the operator header dropped, framing and {@code connection} set by the front), with the audit
 * line of each exchange.
 */
@ExtendWith(NamedResults.class)
class RelayBytesTest {
    static final String FILE = "W41110202611220100000001.zip";

    @TempDir
    Path dir;
    Fixture pki;
    RawBackend backend;
    FrontServer front;
    @RegisterExtension
    final AuditCapture audit = new AuditCapture();
    int port;

    @BeforeEach
    void start() throws Exception {
        pki = new Fixture(dir.resolve("pki"), "R0013");
        backend = new RawBackend();
        front = new FrontServer(pki.configBuilder(backend.port()).switchingHost("127.0.0.1").switchingPort(backend.port()).build());
        port = front.start();
    }

    @AfterEach
    void stop() throws Exception {
        front.close();
        backend.close();
    }

    private SSLSocket connect() throws Exception {
        return Fixture.connect(pki.context(pki.client("R0013")), port);
    }

    private static void write(SSLSocket s, String request) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private String serial() throws Exception {
        return pki.client("R0013").serialHex();
    }

    @Test
    void a_download_passes_only_vouched_headers_and_the_response_loses_hop_by_hop_headers() throws Exception {
        backend.answer("HTTP/1.1 206 Partial Content\r\nContent-Type: application/zip\r\nContent-Length: 10\r\n"
                + "Connection: close\r\nKeep-Alive: timeout=5\r\nX-Ami-Operator: R0099\r\nProxy-Connection: close\r\n"
                + "Upgrade: h2c\r\nETag: \"v1\"\r\nContent-Range: bytes 0-9/100\r\n\r\n0123456789");
        try (SSLSocket s = connect()) {
            write(s, "GET /30min/FileReceiver?file=" + FILE + " HTTP/1.1\r\nHost: front.example\r\n"
                    + "Accept: application/zip\r\nRange: bytes=0-9\r\nIf-None-Match: \"v0\", W/\"v1\"\r\nIf-Range: \"v1\"\r\n"
                    + "X-Ami-Operator: R0042\r\nCookie: a=b\r\nX-Forwarded-For: 10.0.0.1\r\nTE: trailers\r\n\r\n");
            assertThat(Fixture.readResponse(s.getInputStream())).isEqualTo("HTTP/1.1 206 Partial Content\r\n"
                    + "Content-Type: application/zip\r\nContent-Length: 10\r\nETag: \"v1\"\r\nContent-Range: bytes 0-9/100\r\n"
                    + "connection: keep-alive\r\n\r\n0123456789");
            assertThat(backend.request()).isEqualTo("GET /30min/FileReceiver?file=" + FILE + " HTTP/1.1\r\n"
                    + "host: 127.0.0.1:" + backend.port() + "\r\naccept: application/zip\r\nrange: bytes=0-9\r\n"
                    + "if-none-match: \"v0\", W/\"v1\"\r\nif-range: \"v1\"\r\nX-Ami-Operator: R0013\r\nconnection: close\r\n"
                    + "content-length: 0\r\n\r\n");
            // the connection is kept: a second exchange on it
            backend.answer("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n");
            write(s, "GET /30min/FileReceiver?file=" + FILE + " HTTP/1.1\r\nHost: front.example\r\nIf-None-Match: *\r\n"
                    + "Range: lines=1-2\r\nAccept: " + "x".repeat(300) + "\r\n\r\n");
            // no Content-Length from the backend: the front declares chunked framing, even on a 304 (no body follows)
            assertThat(Fixture.readResponse(s.getInputStream())).isEqualTo("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n"
                    + "transfer-encoding: chunked\r\nconnection: keep-alive\r\n\r\n");
            assertThat(backend.request()).isEqualTo("GET /30min/FileReceiver?file=" + FILE + " HTTP/1.1\r\n"
                    + "host: 127.0.0.1:" + backend.port() + "\r\nif-none-match: *\r\nX-Ami-Operator: R0013\r\n"
                    + "connection: close\r\ncontent-length: 0\r\n\r\n");
        }
        awaitAudit(2);
        assertThat(audit.lines.get(0)).matches("time=\\S+ operator=R0013 serial=" + serial()
                + " remote=127.0.0.1 method=\"GET\" path=\"/30min/FileReceiver\\?file=" + FILE.replace(".", "\\.")
                + "\" status=206 bytes=10 durationMs=\\d+");
        assertThat(audit.lines.get(1)).contains(" status=304 bytes=0 ");
        assertThat(front.rejections().values()).allMatch(n -> n == 0);
    }

    @Test
    void a_switching_post_passes_its_json_body_and_idempotency_key() throws Exception {
        String json = "{\"supplyPointId\":\"0300000000000000000001\"}";
        backend.answer("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        try (SSLSocket s = connect()) {
            write(s, "POST /switching/IF_10610 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=UTF-8\r\n"
                    + "Idempotency-Key: start-1\r\nAccept: application/json\r\nContent-Length: " + json.length()
                    + "\r\nConnection: close\r\n\r\n" + json);
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(
                    "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\nconnection: close\r\n\r\n{}");
        }
        assertThat(backend.request()).isEqualTo("POST /switching/IF_10610 HTTP/1.1\r\nhost: 127.0.0.1:" + backend.port()
                + "\r\ncontent-type: application/json; charset=UTF-8\r\nIdempotency-Key: start-1\r\naccept: application/json\r\n"
                + "X-Ami-Operator: R0013\r\nconnection: close\r\ncontent-length: " + json.length() + "\r\n\r\n" + json);
        // a content type or key the front does not vouch for is not passed on
        try (SSLSocket s = connect()) {
            write(s, "POST /switching/IF_10610 HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Idempotency-Key: a b\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 201");
        }
        assertThat(backend.request()).isEqualTo("POST /switching/IF_10610 HTTP/1.1\r\nhost: 127.0.0.1:" + backend.port()
                + "\r\nX-Ami-Operator: R0013\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}");
    }

    @Test
    void a_response_without_length_is_chunked_for_http_1_1_and_close_delimited_for_http_1_0() throws Exception {
        backend.answer("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\nhello");
        String response;
        try (SSLSocket s = connect()) {
            write(s, "GET /30min/FileListReceiver HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
        assertThat(response).startsWith(head);
        assertThat(dechunk(response.substring(head.length()))).isEqualTo("hello");
        try (SSLSocket s = connect()) {
            write(s, "GET /30min/FileListReceiver HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
            response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertThat(response).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nconnection: close\r\n\r\nhello");
        awaitAudit(2);
        assertThat(audit.lines).allMatch(l -> l.contains(" status=200 bytes=5 "));
    }

    @Test
    void a_backend_that_breaks_off_mid_body_cuts_the_client_connection() throws Exception {
        backend.answer("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: 100\r\n\r\n0123456789");
        String response;
        try (SSLSocket s = connect()) {
            write(s, "GET /30min/FileReceiver?file=" + FILE + " HTTP/1.1\r\nHost: x\r\n\r\n");
            response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertThat(response).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: 100\r\n"
                + "connection: keep-alive\r\n\r\n0123456789");
        awaitAudit(1);
        assertThat(audit.lines.get(0)).contains(" status=200 bytes=10 ");
        assertThat(front.rejections().values()).allMatch(n -> n == 0);
    }

    @Test
    void a_refused_request_never_reaches_the_backend() throws Exception {
        try (SSLSocket s = connect()) {
            write(s, "GET /30min/FileReceiver?file=../x HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(
                    "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=US-ASCII\r\ncontent-length: 16\r\n"
                            + "connection: close\r\n\r\n400 Bad Request\n");
        }
        awaitAudit(1);
        assertThat(audit.lines.get(0)).matches("time=\\S+ operator=R0013 serial=" + serial()
                + " remote=127.0.0.1 method=\"GET\" path=\"/30min/FileReceiver\\?file=\\.\\./x\" status=400 bytes=16 durationMs=\\d+");
        assertThat(backend.nothingReceived()).isTrue();
    }

    private void awaitAudit(int lines) {
        Fixture.eventually().untilAsserted(() -> assertThat(audit.lines).hasSizeGreaterThanOrEqualTo(lines));
    }

    /** The data of a chunked body. */
    private static String dechunk(String chunked) {
        StringBuilder data = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol), 16);
            if (size == 0) {
                assertThat(chunked.substring(eol)).isEqualTo("\r\n\r\n");
                return data.toString();
            }
            data.append(chunked, eol + 2, eol + 2 + size);
            assertThat(chunked.substring(eol + 2 + size, eol + 4 + size)).isEqualTo("\r\n");
            i = eol + 4 + size;
        }
    }
}
