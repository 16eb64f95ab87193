package jp.ami.front;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import jp.ami.certs.IssuedCertificate;
import jp.ami.certs.Pem;
import jp.ami.certs.Pki;
import jp.ami.model.ManualClock;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** A PKI made with the real cert-tools (CA, server, clients, CRL, suspension list) and raw TLS helpers. */
final class Fixture {
    final Pki pki;
    final java.security.cert.X509Certificate ca;

    Fixture(Path dir, String... operators) throws IOException {
        pki = Pki.ensure(dir, List.of(operators), "pw");
        ca = Pem.readCertificate(pki.caCertificate());
    }

    /** Front configuration using this PKI's files, any free port, CRL and suspension list, fast reloads. */
    FrontConfig config(int backendPort) {
        return configBuilder(backendPort).build();
    }

    /** {@link #config} to change some of it. */
    FrontConfigBuilder configBuilder(int backendPort) {
        return FrontConfig.builder(pki.serverCertificate(), pki.serverPrivateKey(), pki.caCertificate())
                .host("127.0.0.1").port(0).backendHost("127.0.0.1").backendPort(backendPort)
                .crlFile(pki.crl()).suspensionFile(pki.suspended()).reloadInterval(Duration.ofMillis(50));
    }

    IssuedCertificate client(String operator) throws IOException {
        return new IssuedCertificate(Pem.readCertificate(pki.clientCertificate(operator)),
                Pem.readPrivateKey(pki.clientPrivateKey(operator)), List.of(ca));
    }

    /**
     * A front clock standing at the time {@code operator}'s certificate was issued (they are valid from a minute
     * before), whatever the date.
     */
    ManualClock clockAtIssue(String operator) throws IOException {
        return new ManualClock(client(operator).certificate().getNotBefore().toInstant().plus(Duration.ofMinutes(1)));
    }

    SSLContext context(IssuedCertificate client) throws Exception {
        return TlsClients.context(ca, client);
    }

    /** Opens a TLS connection and completes the client side of the handshake. */
    static SSLSocket connect(SSLContext ctx, int port) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    /**
     * Sends one GET on {@code s} and reads one response (head + Content-Length body).
     *
     * @return the response text, or null when the connection ended (or failed) before any response byte
     */
    static String get(SSLSocket s, String pathAndQuery, String... headers) {
        try {
            OutputStream out = s.getOutputStream();
            StringBuilder req = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readResponse(s.getInputStream());
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads one HTTP/1.1 response with a Content-Length body; null on EOF before the first byte. */
    static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while (!head.toString().endsWith("\r\n\r\n")) {
            c = in.read();
            if (c < 0) {
                return head.length() == 0 ? null : head.toString();
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.ISO_8859_1);
    }

    /** True when the peer has closed the connection (a read returns EOF or fails). Blocks up to the socket timeout. */
    static boolean closedByPeer(SSLSocket s) {
        try {
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false; // still open after the socket timeout
        } catch (IOException e) {
            return true;
        }
    }

    /** Awaitility as the front tests wait: for at most 10 s, checking at once and then every 10 ms. */
    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }
}
