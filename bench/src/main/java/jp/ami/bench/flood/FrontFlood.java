package jp.ami.bench.flood;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The front under a connection flood, from other loopback addresses than the legitimate retailer's (each below the
 * per-address limit, so the flood is what an address-spread attacker does, not what one address can): authenticated
 * TLS connections held open idle, re-opened when the front closes them, and slowloris connections that trickle a TLS
 * record one byte a second and never finish a handshake. Each connection is held by this class; one thread sweeps
 * them. Not for use while the probe is measured idle.
 */
final class FrontFlood implements AutoCloseable {
    /** Connections per source address: under the front's 64 per address. */
    static final int PER_ADDRESS = 50;

    private final SSLContext attacker;
    private final int port;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong reopened = new AtomicLong();
    private final List<Socket> tls = new ArrayList<>();
    private final List<Socket> slow = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "flood");
        t.setDaemon(true);
        return t;
    });
    private final Thread sweeper;

    /** Opens {@code tlsConnections} held TLS connections and {@code slowloris} trickling ones, then keeps them up. */
    FrontFlood(SSLContext attacker, int port, int tlsConnections, int slowloris) throws Exception {
        this.attacker = attacker;
        this.port = port;
        List<java.util.concurrent.Future<Socket>> f = new ArrayList<>();
        for (int i = 0; i < tlsConnections; i++) {
            int k = i;
            f.add(pool.submit(() -> openTls(address(2 + k / PER_ADDRESS))));
        }
        for (var x : f) {
            Socket s = x.get();
            if (s != null) {
                tls.add(s);
            }
        }
        int base = 2 + (tlsConnections + PER_ADDRESS - 1) / PER_ADDRESS;
        for (int i = 0; i < slowloris; i++) {
            Socket s = openSlow(address(base + i / PER_ADDRESS));
            if (s != null) {
                slow.add(s);
            }
        }
        sweeper = new Thread(this::sweep, "flood-sweeper");
        sweeper.setDaemon(true);
        sweeper.start();
    }

    private static InetAddress address(int n) throws IOException {
        return InetAddress.getByAddress(new byte[]{127, 0, (byte) (n >> 8), (byte) (n & 0xFF)});
    }

    private Socket openTls(InetAddress from) {
        try {
            SSLSocket s = (SSLSocket) attacker.getSocketFactory().createSocket();
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            s.setSoTimeout(10_000);
            s.startHandshake();
            s.setSoTimeout(1);
            return s;
        } catch (IOException e) {
            return null; // refused (a limit) or closed: counted as not held
        }
    }

    private Socket openSlow(InetAddress from) {
        try {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            s.setSoTimeout(1);
            return s;
        } catch (IOException e) {
            return null;
        }
    }

    /** Every second: one more byte on each slowloris connection; closed connections of either kind are re-opened. */
    private void sweep() {
        byte[] clientHelloStart = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xFC, 0x03, 0x03};
        int step = 0;
        while (running.get()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < slow.size() && running.get(); i++) {
                Socket s = slow.get(i);
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(clientHelloStart[step % clientHelloStart.length]);
                    out.flush();
                    if (s.getInputStream().read() < 0) {
                        throw new IOException("closed");
                    }
                } catch (SocketTimeoutException e) {
                    // still open, nothing sent back: the slow handshake goes on
                } catch (IOException e) {
                    closeQuietly(s);
                    try {
                        Socket again = openSlow(s.getLocalAddress());
                        if (again != null) {
                            slow.set(i, again);
                            reopened.incrementAndGet();
                        }
                    } catch (RuntimeException ignored) {
                        // keep sweeping
                    }
                }
            }
            for (int i = 0; i < tls.size() && running.get(); i++) {
                Socket s = tls.get(i);
                try {
                    InputStream in = s.getInputStream();
                    if (in.read() < 0) {
                        throw new IOException("closed");
                    }
                } catch (SocketTimeoutException e) {
                    // open and idle
                } catch (IOException e) {
                    closeQuietly(s);
                    Socket again = openTls(s.getLocalAddress());
                    if (again != null) {
                        tls.set(i, again);
                        reopened.incrementAndGet();
                    }
                }
            }
            step++;
            long left = 1_000 - (System.nanoTime() - t0) / 1_000_000;
            if (left > 0) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    long tlsHeld() {
        return tls.size();
    }

    long slowHeld() {
        return slow.size();
    }

    long reopened() {
        return reopened.get();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a flood socket
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        sweeper.interrupt();
        sweeper.join(5_000);
        tls.forEach(FrontFlood::closeQuietly);
        slow.forEach(FrontFlood::closeQuietly);
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A keep-alive HTTP/1.1 GET on {@code s}; returns the status and reads the body (Content-Length). */
    static int get(SSLSocket s, String path) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: front\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        if (c < 0) {
            throw new IOException("connection closed by the front");
        }
        String h = head.toString();
        int status = Integer.parseInt(h.substring(9, 12));
        long length = 0;
        for (String line : h.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).strip());
            }
        }
        byte[] buf = new byte[8192];
        for (long left = length; left > 0; ) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("body cut short");
            }
            left -= n;
        }
        return status;
    }
}
