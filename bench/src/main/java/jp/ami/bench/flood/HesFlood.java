package jp.ami.bench.flood;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.BatchWriter;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;

/**
 * Junk against the head-end from sources it does not know: CoAP datagrams of random bytes (some with a valid CoAP
 * header and a random payload on {@code /batch}) from several sockets on 127.0.1.x (outside the routers' subnet), and
 * TCP connections writing length-prefixed random frames. Runs until closed; counts what it sent.
 */
final class HesFlood implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong datagrams = new AtomicLong();
    private final AtomicLong tcpFrames = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    HesFlood(int coapPort, int tcpPort, int udpThreads, int tcpConnections, long datagramsPerSecond) {
        for (int t = 0; t < udpThreads; t++) {
            long seed = t;
            start("flood-udp-" + t, () -> udp(coapPort, seed, datagramsPerSecond / udpThreads));
        }
        start("flood-tcp", () -> tcp(tcpPort, tcpConnections));
    }

    private void start(String name, Runnable body) {
        Thread th = new Thread(body, name);
        th.setDaemon(true);
        th.start();
        threads.add(th);
    }

    private void udp(int port, long seed, long perSecond) {
        SplittableRandom r = new SplittableRandom(seed);
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(
                InetAddress.getByAddress(new byte[]{127, 0, 1, (byte) (2 + seed)}), 0))) { // from outside the routers' subnet
            long start = System.nanoTime();
            long sent = 0;
            while (running.get()) {
                // paced on the clock: as many datagrams as the rate allows by now, then a millisecond's rest
                long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
                for (; sent < due && running.get(); sent++) {
                    byte[] b = new byte[16 + r.nextInt(1100)];
                    r.nextBytes(b);
                    if (r.nextBoolean()) { // a CoAP CON POST /batch header, then junk
                        b[0] = 0x44;
                        b[1] = 0x02;
                        b[4] = (byte) 0xB5;
                        System.arraycopy("batch".getBytes(), 0, b, 5, 5);
                        b[10] = (byte) 0xFF;
                    }
                    s.send(new DatagramPacket(b, b.length, lo, port));
                    datagrams.incrementAndGet();
                }
                Thread.sleep(1);
            }
        } catch (IOException | InterruptedException e) {
            // stopped
        }
    }

    private void tcp(int port, int connections) {
        SplittableRandom r = new SplittableRandom(99);
        List<Socket> sockets = new ArrayList<>();
        while (running.get()) {
            try {
                while (sockets.size() < connections) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
                    sockets.add(s);
                }
                for (int i = 0; i < sockets.size() && running.get(); i++) {
                    Socket s = sockets.get(i);
                    try {
                        byte[] junk = new byte[18 + r.nextInt(400)];
                        r.nextBytes(junk);
                        OutputStream out = s.getOutputStream();
                        out.write(ByteBuffer.allocate(4).putInt(junk.length).array());
                        out.write(junk);
                        out.flush();
                        tcpFrames.incrementAndGet();
                    } catch (IOException e) {
                        s.close();
                        sockets.remove(i--); // the head-end closed it: open another
                    }
                }
                Thread.sleep(5);
            } catch (IOException | InterruptedException e) {
                if (!running.get()) {
                    break;
                }
            }
        }
        sockets.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        });
    }

    long datagrams() {
        return datagrams.get();
    }

    long tcpFrames() {
        return tcpFrames.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.interrupt();
            t.join(5_000);
        }
    }

    /** Sealed batch frames of ten known meters each, meters {@code 10 k + 1 …} at boundary {@code boundary}. */
    static byte[] legitimateBatch(MeterKeys keys, int k, long boundary) {
        EnvelopeSealer sealer = new EnvelopeSealer(keys);
        MeterReading reading = new MeterReading();
        ByteBuffer dst = ByteBuffer.allocate(8192);
        BatchWriter w = new BatchWriter().begin(dst, CommPath.WISUN, 7, k + 1);
        for (int i = 0; i < 10; i++) {
            long meter = 10L * k + 1 + i;
            byte[] plain = MeterReadingEncoder.toBytes(reading.set(1, Direction.NORMAL, boundary, 1000 + k, 1, 6, 0x02));
            w.add(sealer.seal(meter, 1, plain));
        }
        int n = w.finish();
        return java.util.Arrays.copyOf(dst.array(), n);
    }
}
