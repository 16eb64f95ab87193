package jp.ami.bench;

import java.nio.file.Path;
import jp.ami.front.FrontConfig;
import jp.ami.front.FrontServer;

/**
 * The "our side" process of {@code bench front}: the static backend and the DMZ front, in a JVM of their
 * own (like nginx runs in its own processes), so the load generator does not share a heap with them.
 * Arguments: PKI dir, files root, front port, I/O threads (0 = Netty's default). Prints {@code READY <port>} and runs until stdin closes.
 */
public final class FrontBenchServer {
    private FrontBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path pki = Path.of(args[0]);
        Path root = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        int ioThreads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        try (BenchStaticBackend backend = new BenchStaticBackend(root)) {
            FrontConfig config = FrontConfig.defaults(pki.resolve("server.crt.pem"), pki.resolve("server.key.pem"),
                            pki.resolve("ca.crt.pem"))
                    .withListen("127.0.0.1", port).withIoThreads(ioThreads).withBackend("127.0.0.1", backend.port())
                    .withRevocation(pki.resolve("crl.pem"), pki.resolve("suspended.txt"))
                    // the benchmark is one operator hammering on purpose: rate limits off, connection limits high
                    .withLimits(new FrontConfig.Limits(0, 1, 0, 1, 10_000, 100_000,
                            FrontConfig.Limits.DEFAULT_IDLE_TIMEOUT, FrontConfig.Limits.DEFAULT_REQUEST_HEADER_TIMEOUT));
            try (FrontServer front = new FrontServer(config)) {
                int bound = front.start();
                System.out.println("READY " + bound + " " + front.sslProvider());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // run until the parent closes our stdin (or dies)
                }
            }
        }
    }
}
