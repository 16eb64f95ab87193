package jp.ami.front;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A backend that records each request byte for byte and answers with bytes given by the test, then closes the
 * connection: for checking exactly which headers cross the front in each direction.
 */
final class RawBackend implements AutoCloseable {
    private final ServerSocket server;
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private volatile byte[] answer = new byte[0];
    private final Thread acceptor;

    RawBackend() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "raw-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** What the next connections get: these bytes, then end of stream. */
    void answer(String response) {
        answer = response.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The next request received (head and Content-Length body), as text. */
    String request() throws InterruptedException {
        String r = requests.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request reached the backend");
        }
        return r;
    }

    boolean nothingReceived() {
        return requests.isEmpty();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                requests.add(readRequest(s.getInputStream()));
                OutputStream out = s.getOutputStream();
                out.write(answer);
                out.flush();
            } catch (IOException e) {
                // closed, or a client that went away: next
            }
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        String head = Fixture.readResponse(in);
        return head == null ? "" : head;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
