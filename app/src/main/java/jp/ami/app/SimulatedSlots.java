package jp.ami.app;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.ami.hes.HesServer;
import jp.ami.mdms.MdmsServer;
import jp.ami.model.CommPath;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slot;
import jp.ami.model.Slots;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.sim.ArrivalDelays;
import jp.ami.sim.CoapBatchClient;
import jp.ami.sim.MeterPopulation;
import jp.ami.sim.MeterSimulator;
import jp.ami.sim.TcpBatchClient;

/**
 * The simulated meters and the run of the slots: the simulator sends to the head-end over TCP (PLC, 1:N relays)
 * and CoAP (Wi-SUN); {@link #run} starts the clock, sends every slot's readings and waits for the MDMS to finalise
 * each slot in turn (a line per slot), then for QuestDB to show every value.
 */
final class SimulatedSlots {
    private final DemoProgress progress;
    private final MeterSimulator sim;
    private final SimulatedClock clock;
    private final int[] perPath;

    private SimulatedSlots(DemoProgress progress, MeterSimulator sim, SimulatedClock clock, int[] perPath) {
        this.progress = progress;
        this.sim = sim;
        this.clock = clock;
        this.perPath = perPath;
    }

    /** Connects the simulated meters to {@code hes}; prints how they are spread over the paths. */
    static SimulatedSlots connect(DemoInputs inputs, DemoOptions options, HesServer hes, SimulatedClock clock, Resources resources,
                                  DemoProgress progress) throws Exception {
        MeterPopulation population = inputs.population();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        MeterKeys keys = new MeterKeys(inputs.masterKey());
        TcpBatchClient tcp = resources.track(new TcpBatchClient(new InetSocketAddress(loopback, hes.tcpPort()), 10_000));
        CoapBatchClient coap = resources.track(new CoapBatchClient(new InetSocketAddress(loopback, hes.coapPort()), 10_000));
        MeterSimulator sim = resources.track(new MeterSimulator(population, keys, tcp, coap, clock,
                ArrivalDelays.defaults(inputs.simConfig().seed()), options.faults()));
        int[] perPath = new int[4];
        int[] pvPerPath = new int[4];
        for (int i = 0; i < population.size(); i++) {
            perPath[population.pathCode(i)]++;
            if (population.pvWatts(i) > 0) {
                pvPerPath[population.pathCode(i)]++;
            }
        }
        progress.step("sim", "%,d meters: Wi-SUN %,d via %d border routers, PLC %,d via %d concentrators, 1:N %,d via %d relays; %d retailers",
                population.size(), perPath[1], population.sourceCount(CommPath.WISUN), perPath[2], population.sourceCount(CommPath.PLC),
                perPath[3], population.sourceCount(CommPath.RELAY), inputs.simConfig().retailers().size());
        int[] readingsPerPath = new int[4];
        for (int p = 0; p < 4; p++) {
            readingsPerPath[p] = perPath[p] + pvPerPath[p]; // a PV meter sends an export (0xEB) reading beside its 0xEA one
        }
        return new SimulatedSlots(progress, sim, clock, readingsPerPath);
    }

    /** Readings per boundary per path code ({@link CommPath#code()}): the path's meters, plus one for each PV meter. */
    int[] perPath() {
        return perPath;
    }

    /**
     * Starts the clock and runs the slots {@code first}–{@code last}: the opening readings and every slot's are
     * sent as the clock reaches them; returns when each slot is finalised and QuestDB shows all {@code expectedRows}.
     */
    void run(long first, long last, DemoServices services, long expectedRows) throws Exception {
        MdmsServer mdms = services.mdms();
        SlotFinalisations finalisations = services.finalisations();
        clock.start();
        var sends = new ArrayList<CompletableFuture<Void>>();
        sends.add(sim.sendOpeningReadings(first));
        for (long s = first; s <= last; s++) {
            sends.add(sim.sendSlot(s));
        }
        for (long s = first; s <= last; s++) {
            Instant due = Slots.end(s).plus(services.mdmsConfig().cutoff());
            long waitNanos = clock.realNanosUntil(due) + TimeUnit.SECONDS.toNanos(60);
            if (!finalisations.await(s, waitNanos, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("slot " + Slot.ofIndex(s) + " was not finalised in time"
                        + (mdms.lastError() != null ? ": " + mdms.lastError() : ""));
            }
            var st = finalisations.stats(s);
            progress.step("slot", "%s finalised at %s JST: %,d present, %,d estimated, %,d missing; %d files published at %s JST",
                    Slot.ofIndex(s), st.finalizedAt().atZone(Slots.JST).toLocalTime().withNano(0), st.present(), st.estimated(),
                    st.missing(), st.files(), st.publishedAt().atZone(Slots.JST).toLocalTime().withNano(0));
        }
        for (var f : sends) {
            f.get(60, TimeUnit.SECONDS);
        }
        if (!mdms.store().awaitVisible(expectedRows, Duration.ofSeconds(60))) {
            throw new IllegalStateException("QuestDB shows " + mdms.store().count() + " rows, expected " + expectedRows);
        }
    }
}
