package jp.ami.front;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A tiny internal backend for tests: records what the front sent, answers the file list and serves a
 * configurable byte array as any file (chunked, so nothing is delimited by Content-Length).
 */
final class TestBackend extends HttpBackend {
    /** One request as the backend saw it. */
    record Seen(String method, String uri, List<String> operator, String accept) {
    }

    final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile byte[] file = "PK-test".getBytes(StandardCharsets.US_ASCII);
    volatile boolean hang;

    TestBackend() throws IOException {
    }

    @Override
    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            List<String> op = ex.getRequestHeaders().get("X-Ami-Operator");
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), op == null ? List.of() : op,
                    ex.getRequestHeaders().getFirst("Accept")));
            if (hang) {
                release.await();
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/30min/FileListReceiver")) {
                String operator = op == null ? "?" : op.get(0);
                String body = "{\"operator\":\"" + operator + "\",\"files\":[]}";
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            } else if (path.equals("/30min/FileReceiver")) {
                byte[] b = file;
                ex.getResponseHeaders().set("Content-Type", "application/zip");
                ex.sendResponseHeaders(200, 0); // chunked
                try (OutputStream out = ex.getResponseBody()) {
                    for (int off = 0; off < b.length; off += 100_000) {
                        out.write(b, off, Math.min(100_000, b.length - off));
                    }
                }
            } else {
                ex.sendResponseHeaders(404, -1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        super.close();
    }
}
