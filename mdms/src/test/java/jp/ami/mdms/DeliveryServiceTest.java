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
