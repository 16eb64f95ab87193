package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jp.ami.mdms.delivery.DeliveryService;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.model.OperatorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryServiceTest {
    static final String A = "W41110202611220100000001.zip";
    static final String B = "W41110202611220130000001.zip";
    static final String OTHER = "W41110202611220200000001.zip";

    @TempDir
    Path dir;
    DeliveryService service;
    final HttpClient http = HttpClient.newHttpClient();
    final byte[] content = "PK-not-really-a-zip-but-bytes".getBytes(StandardCharsets.US_ASCII);

    @BeforeEach
    void start() throws IOException {
        Outbox outbox = Outbox.open(dir);
        outbox.publish(OperatorCode.of("R0013"), B, out -> out.write(new byte[1234]));
        outbox.publish(OperatorCode.of("R0013"), A, out -> out.write(content));
        outbox.publish(OperatorCode.of("R0002"), OTHER, out -> out.write(new byte[7]));
        service = new DeliveryService(outbox, 0);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private HttpResponse<byte[]> get(String pathAndQuery, String operator, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + pathAndQuery));
        if (operator != null) {
            b.header("X-Ami-Operator", operator);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void lists_only_the_callers_files_in_the_legacy_form_in_name_order() throws Exception {
        HttpResponse<byte[]> r = get("/30min/FileListReceiver", "R0013", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(body(r)).isEqualTo("<html><body><comment>rfilename1:\"" + A + "\",rfilesize1:\"" + content.length
                + "\",rfilename2:\"" + B + "\",rfilesize2:\"1234\"</comment></body></html>");
        assertThat(body(get("/30min/FileListReceiver", "R0099", null))).isEqualTo("<html><body><comment></comment></body></html>");
    }

    @Test
    void lists_as_json_and_after_a_given_name() throws Exception {
        assertThat(body(get("/30min/FileListReceiver", "R0013", "application/json")))
                .isEqualTo("{\"operator\":\"R0013\",\"files\":[{\"name\":\"" + A + "\",\"size\":" + content.length
                        + "},{\"name\":\"" + B + "\",\"size\":1234}]}");
        assertThat(body(get("/30min/FileListReceiver?since=" + A, "R0013", "application/json")))
                .isEqualTo("{\"operator\":\"R0013\",\"files\":[{\"name\":\"" + B + "\",\"size\":1234}]}");
    }

    @Test
    void streams_the_callers_own_file() throws Exception {
        HttpResponse<byte[]> r = get("/30min/FileReceiver?file=" + A, "R0013", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/zip");
        assertThat(r.headers().firstValueAsLong("content-length")).hasValue(content.length);
        assertThat(r.body()).isEqualTo(content);
        // twice on the same keep-alive connection
        assertThat(get("/30min/FileReceiver?file=" + B, "R0013", null).body()).hasSize(1234);
    }

    private HttpResponse<byte[]> getWith(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + pathAndQuery))
                .header("X-Ami-Operator", "R0013");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void answers_ranges_and_conditional_requests_by_entity_tag() throws Exception {
        String path = "/30min/FileReceiver?file=" + A;
        HttpResponse<byte[]> whole = getWith(path);
        String etag = whole.headers().firstValue("etag").orElseThrow();
        assertThat(etag).startsWith("\"W4").endsWith("-" + content.length + "\"");
        assertThat(whole.headers().firstValue("accept-ranges")).hasValue("bytes");

        HttpResponse<byte[]> part = getWith(path, "Range", "bytes=3-6");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("content-range")).hasValue("bytes 3-6/" + content.length);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 3, 7));

        HttpResponse<byte[]> tail = getWith(path, "Range", "bytes=-5");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(content, content.length - 5, content.length));

        HttpResponse<byte[]> beyond = getWith(path, "Range", "bytes=" + content.length + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("content-range")).hasValue("bytes */" + content.length);

        HttpResponse<byte[]> cached = getWith(path, "If-None-Match", etag);
        assertThat(cached.statusCode()).isEqualTo(304);
        assertThat(cached.body()).isEmpty();

        // a range with another tag in If-Range gets the whole (changed) file
        HttpResponse<byte[]> stale = getWith(path, "Range", "bytes=0-1", "If-Range", "\"something-else\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(content);
    }

    @Test
    void another_operators_file_a_traversal_and_junk_names_are_404() throws Exception {
        assertThat(get("/30min/FileReceiver?file=" + OTHER, "R0013", null).statusCode()).isEqualTo(404);
        assertThat(get("/30min/FileReceiver?file=../R0002/" + OTHER, "R0013", null).statusCode()).isEqualTo(404);
        assertThat(get("/30min/FileReceiver?file=..%2FR0002%2F" + OTHER, "R0013", null).statusCode()).isEqualTo(404);
        assertThat(get("/30min/FileReceiver?file=%2Fetc%2Fpasswd", "R0013", null).statusCode()).isEqualTo(404);
        assertThat(get("/30min/FileReceiver", "R0013", null).statusCode()).isEqualTo(404);
        assertThat(get("/30min/FileReceiver?file=" + OTHER, "R0002", null).statusCode()).isEqualTo(200);
    }

    @Test
    void missing_or_invalid_operator_is_400_and_unknown_paths_are_404() throws Exception {
        assertThat(get("/30min/FileListReceiver", null, null).statusCode()).isEqualTo(400);
        assertThat(get("/30min/FileListReceiver", "r0013", null).statusCode()).isEqualTo(400);
        assertThat(get("/30min/FileReceiver?file=" + A, "../..", null).statusCode()).isEqualTo(400);
        assertThat(get("/30min/Other", "R0013", null).statusCode()).isEqualTo(404);
        assertThat(get("/", "R0013", null).statusCode()).isEqualTo(404);
    }

    @Test
    void a_raw_traversal_request_line_gets_404() throws Exception {
        try (Socket s = new Socket("127.0.0.1", service.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /30min/../30min/FileReceiver?file=../../R0002/" + OTHER + " HTTP/1.1\r\nHost: x\r\n"
                    + "X-Ami-Operator: R0013\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 404");
        }
    }
}
