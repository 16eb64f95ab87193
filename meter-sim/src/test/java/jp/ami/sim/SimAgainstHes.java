package jp.ami.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesConfigBuilder;
import jp.ami.hes.HesServer;
import jp.ami.journal.JournalTailer;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slots;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.service.testing.Closeables;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test fixture: the simulator against a real head-end on loopback (Netty TCP, Californium CoAP, Chronicle journal),
 * on a fast simulated clock paused at the start of the run's first slot. Used as a {@code @RegisterExtension} field:
 * what it started is closed after each test, the simulator first, then its links, then the head-end. A test states
 * only what differs: the head-end's settings, the links (wrapped, e.g. in an outage), the faults, the slots.
 */
final class SimAgainstHes implements AfterEachCallback {
    /** The head-end's and the simulated meters' master key. */
    static final byte[] MASTER_KEY = java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    /** How long a link waits for an ack. */
    static final int ACK_TIMEOUT_MILLIS = 5_000;

    SimulatedClock clock;
    HesServer hes;
    BatchTransport tcp;
    BatchTransport coap;
    MeterSimulator sim;

    /** The run's clock: paused at the start of slot {@code first}, {@code speed} times wall time once started. */
    SimulatedClock clock(long first, long speed) {
        clock = SimulatedClock.paused(Slots.start(first), speed);
        return clock;
    }

    /** The head-end's settings for the population: ephemeral ports, its meters, re-collection polled every 20 ms. */
    static HesConfigBuilder hesConfig(Path journalDir, SimConfig population, int meters) {
        return HesConfig.builder(journalDir, MASTER_KEY).tcpPort(0).coapPort(0).httpPort(0)
                .firstMeterId(population.firstMeterId()).meterCount(meters).recollectPoll(Duration.ofMillis(20));
    }

    /** Starts the head-end on the run's clock. */
    HesServer startHes(HesConfig config) throws InterruptedException {
        hes = HesServer.start(config, clock);
        return hes;
    }

    /** A new TCP link to the head-end. */
    BatchTransport tcpLink() {
        return new TcpBatchClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), hes.tcpPort()), ACK_TIMEOUT_MILLIS);
    }

    /** A new CoAP link to the head-end. */
    BatchTransport coapLink() {
        return new CoapBatchClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), hes.coapPort()), ACK_TIMEOUT_MILLIS);
    }

    /** The simulator of {@code population} over the links given (closed with it; they may be one), on the run's clock. */
    MeterSimulator simulate(MeterPopulation population, BatchTransport tcp, BatchTransport coap, FaultConfig faults) {
        this.tcp = tcp;
        this.coap = coap == tcp ? null : coap;
        sim = new MeterSimulator(population, new MeterKeys(MASTER_KEY), tcp, coap, clock,
                ArrivalDelays.defaults(population.config().seed()), faults);
        return sim;
    }

    /**
     * Starts the clock and has the simulator send the opening boundary of slot {@code first} and the {@code slots}
     * slots from it; completes when all are sent.
     */
    CompletableFuture<Void> run(long first, int slots) {
        clock.start();
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        sends.add(sim.sendOpeningReadings(first));
        for (long s = first; s < first + slots; s++) {
            sends.add(sim.sendSlot(s));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }

    /** (meter, boundary epoch second) → {register, flags, count} of the head-end's boundary-stamped 0xEA journal records. */
    static Map<String, long[]> journalByReading(HesServer hes) {
        Map<String, long[]> out = new HashMap<>();
        ReadingBatch b = new ReadingBatch();
        try (JournalTailer t = hes.journal().tailerFromStart()) {
            while (t.poll(b)) {
                for (int i = 0; i < b.size(); i++) {
                    if (Slots.isBoundary(b.readingEpochSecond(i)) && b.direction(i) == ReadingBatch.DIRECTION_NORMAL) {
                        long[] v = out.computeIfAbsent(b.meterId(i) + "@" + b.readingEpochSecond(i), k -> new long[3]);
                        v[0] = b.register(i);
                        v[1] = b.flags(i);
                        v[2]++;
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Closeables.closeAll(sim, tcp, coap, hes);
        sim = null;
        tcp = null;
        coap = null;
        hes = null;
    }
}
