package jp.ami.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import jp.ami.certs.Pki;
import jp.ami.front.FrontConfig;
import jp.ami.front.FrontServer;
import jp.ami.mdms.delivery.DeliveryService;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.model.OperatorCode;
import jp.ami.service.testing.Curl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retailer pulls its confirmed-usage notices with the real {@code /usr/bin/curl}, as {@code docs/confirmed-usage.md}
 * shows, through a real front (mutual TLS) and the MDMS's real delivery service over a real outbox: the W5 list holds
 * only W5 names and only the caller's, the download is byte for byte, and another retailer's notice is 404.
 */
class UsageNoticeCurlTest {
    static final String MONTHLY = "W51220202611240000001.zip";
    static final String OTHERS = "W51220202611240000002.zip";
    static final String VALUES = "W41110202611240030000001.zip";

    @TempDir
    Path dir;
    Pki pki;
    Outbox outbox;
    DeliveryService delivery;
    FrontServer front;
    int port;
    byte[] notice;

    @BeforeEach
    void start() throws Exception {
        pki = Pki.ensure(dir.resolve("pki"), List.of("R0013", "R0042"), "pw");
        outbox = Outbox.open(dir.resolve("outbox"));
        notice = new byte[50_000];
        new Random(3).nextBytes(notice);
        outbox.publish(OperatorCode.of("R0013"), MONTHLY, out -> out.write(notice));
        outbox.publish(OperatorCode.of("R0013"), VALUES, out -> out.write("values".getBytes(StandardCharsets.US_ASCII)));
        outbox.publish(OperatorCode.of("R0042"), OTHERS, out -> out.write("secret".getBytes(StandardCharsets.US_ASCII)));
        delivery = new DeliveryService(outbox, 0);
        front = new FrontServer(FrontConfig.defaults(pki.serverCertificate(), pki.serverPrivateKey(), pki.caCertificate())
                .withListen("127.0.0.1", 0).withBackend("127.0.0.1", delivery.port()));
        port = front.start();
    }

    @AfterEach
    void stop() {
        front.close();
        delivery.close();
    }

    @Test
    void plain_curl_lists_and_downloads_the_callers_notices_only() throws Exception {
        Curl.assumeInstalled();
        String base = "https://localhost:" + port;
        assertThat(curl("R0013", "-H", "Accept: application/json", base + "/usage/FileListReceiver"))
                .isEqualTo("{\"operator\":\"R0013\",\"files\":[{\"name\":\"" + MONTHLY + "\",\"size\":50000}]}");
        assertThat(curl("R0013", base + "/usage/FileListReceiver")).contains("rfilename1:\"" + MONTHLY + "\"")
                .doesNotContain(VALUES).doesNotContain(OTHERS);
        assertThat(curl("R0013", base + "/30min/FileListReceiver")).contains(VALUES).doesNotContain(MONTHLY);
        Path out = dir.resolve(MONTHLY);
        curl("R0013", "-o", out.toString(), base + "/usage/FileReceiver?file=" + MONTHLY);
        assertThat(Files.readAllBytes(out)).isEqualTo(notice);
        assertThat(status("R0013", base + "/usage/FileReceiver?file=" + OTHERS)).isEqualTo("404");
        assertThat(status("R0013", base + "/usage/FileReceiver?file=" + VALUES)).isEqualTo("400"); // a W4 name on the W5 path
        assertThat(status("R0013", base + "/30min/FileReceiver?file=" + MONTHLY)).isEqualTo("400");
    }

    private String status(String operator, String url) throws IOException, InterruptedException {
        return curl(operator, false, "-o", "/dev/null", "-w", "%{http_code}", url);
    }

    private String curl(String operator, String... args) throws IOException, InterruptedException {
        return curl(operator, true, args);
    }

    private String curl(String operator, boolean fail, String... args) throws IOException, InterruptedException {
        return new Curl(pki.caCertificate(), pki.clientCertificate(operator), pki.clientPrivateKey(operator)).run(fail, args);
    }
}
