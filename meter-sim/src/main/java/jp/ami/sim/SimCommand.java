package jp.ami.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import jp.ami.model.CommPath;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slots;
import jp.ami.protocol.envelope.MeterKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./ami sim}: runs the meter simulator against a head-end in another process. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Simulate smart meters sending 30-minute readings to a head-end over Wi-SUN (CoAP), PLC and 1:N relays (TCP).")
public final class SimCommand implements Callable<Integer> {
    @Mixin
    RunOptions run;

    @Option(names = "--speed", defaultValue = "1", description = "Simulated clock speed; 1 is real time (default ${DEFAULT-VALUE}).")
    long speed;

    @Option(names = "--clock-anchor", description = "The real instant (ISO-8601) at which the first slot starts on the services' "
            + "simulated clock (their --clock-start/--clock-anchor), so the meters share it; default: the slot starts at launch.")
    java.time.Instant clockAnchor;

    @Option(names = "--hes-host", defaultValue = "127.0.0.1", description = "Head-end host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--tcp-port", defaultValue = "7201", description = "Head-end TCP port for PLC and 1:N (default ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--coap-port", defaultValue = "5683", description = "Head-end CoAP port for Wi-SUN (default ${DEFAULT-VALUE}).")
    int coapPort;

    @Option(names = "--master-key-file", description = "File holding the A-route master key as hex (required unless --dry-run).")
    Path masterKeyFile;

    @Option(names = "--dry-run", description = "Build and seal one slot's frames for every meter without sending; report time and heap.")
    boolean dryRun;

    @Option(names = "--files-only", description = "Write --master-data (and the exchanges file) and stop, sending nothing: "
            + "provision the head-end, MDMS and switching service before the meters start.")
    boolean filesOnly;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for --dry-run (default: available processors).")
    int threads;

    @Option(names = "--master-data", description = "Also write the MDMS master data CSV here.")
    Path masterData;

    @Option(names = "--pv-share", defaultValue = "" + SimConfig.TYPICAL_PV_SHARE,
            description = "Meters with rooftop PV exporting (0xEB), per mille (default ${DEFAULT-VALUE}).")
    int pvShare;

    @Mixin
    FaultOptions faultOptions;

    @Option(names = "--exchanges-file", description = "Where to write the meter-exchange CSV for the head-end (hes --exchanges) and the MDMS "
            + "(mdms --exchanges) (default: meter-exchanges.csv next to --master-data, when --exchange > 0).")
    Path exchangesFile;

    private int dryRun() throws Exception {
        long t0 = System.nanoTime();
        MeterPopulation population = population();
        long tPop = System.nanoTime() - t0;
        byte[] key = new byte[16];
        new java.security.SecureRandom().nextBytes(key);
        long slot = run.firstSlotIndex(Clock.systemUTC());
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        try (MeterSimulator sim = new MeterSimulator(population, new MeterKeys(key), null, null,
                new SimulatedClock(Slots.start(slot), 1), ArrivalDelays.defaults(1));
             Progress progress = new Progress("slot " + jp.ami.model.Slot.ofIndex(slot), run.meters(), System.err)) {
            MeterSimulator.DryRun r = sim.dryRunSlot(slot, n, progress::add);
            progress.close();
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long used = rt.totalMemory() - rt.freeMemory();
            long peak = 0;
            for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf("dry run: %,d meters, population built in %.1f s; one slot: %,d frames sealed in %,d batches "
                            + "(%,d bytes) in %.1f s on %d thread(s) = %,.0f frames/s; heap after GC %,d MB, peak %,d MB, max %,d MB%n",
                    r.meters(), tPop / 1e9, r.frames(), r.batches(), r.bytes(), r.nanos() / 1e9, n,
                    r.frames() / (r.nanos() / 1e9), used >> 20, peak >> 20, rt.maxMemory() >> 20);
        }
        return 0;
    }

    private MeterPopulation population() {
        return new MeterPopulation(SimConfig.defaults(run.meters()).withPvShare(pvShare));
    }

    /** The fault flags as a {@link FaultConfig}. */
    FaultConfig faults() {
        return faultOptions.config();
    }

    @Override
    public Integer call() throws Exception {
        faults(); // validates the rates
        if (dryRun) {
            return dryRun();
        }
        if (masterKeyFile == null && !filesOnly) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--master-key-file is required (unless --dry-run or --files-only)");
        }
        MeterPopulation population = population();
        long first = run.firstSlotIndex(Clock.systemUTC());
        int slots = run.slots();
        MeterExchanges exchanges = population.planExchanges(faults().exchange(), first, slots);
        if (masterData != null) {
            population.writeMasterData(masterData);
        }
        Path xfile = exchangesFile != null ? exchangesFile
                : masterData != null && faults().exchange() > 0 ? masterData.toAbsolutePath().resolveSibling("meter-exchanges.csv") : null;
        if (xfile != null) {
            population.writeExchanges(xfile);
        }
        if (filesOnly) {
            System.out.printf("%,d meters: master data %s%s; nothing sent (--files-only)%n", run.meters(), masterData,
                    xfile != null ? ", exchanges " + xfile : "");
            return 0;
        }
        if (!exchanges.isEmpty()) {
            System.out.printf("%,d meter exchange(s) planned, new meter IDs %d … %d%s%n", exchanges.size(),
                    exchanges.newMeterId(0), exchanges.newMeterId(exchanges.size() - 1),
                    xfile != null ? "; written to " + xfile + " (give it to hes --exchanges and mdms --exchanges)"
                            : " (no --master-data or --exchanges-file: the head-end will reject the new meters)");
        }
        SimulatedClock clock = clockAnchor == null ? new SimulatedClock(Slots.start(first), speed)
                : SimulatedClock.anchored(Slots.start(first), clockAnchor, speed, Clock.systemUTC());
        MeterKeys keys = MeterKeys.fromHex(Files.readString(masterKeyFile, StandardCharsets.US_ASCII).trim());
        InetAddress addr = InetAddress.getByName(host);
        try (BatchTransport tcp = new TcpBatchClient(new InetSocketAddress(addr, tcpPort), 5_000);
             BatchTransport coap = new CoapBatchClient(new InetSocketAddress(addr, coapPort), 5_000);
             MeterSimulator sim = new MeterSimulator(population, keys, tcp, coap, clock, ArrivalDelays.defaults(1), faults())) {
            sim.sendOpeningReadings(first).join();
            for (long s = first; s < first + slots; s++) {
                sim.sendSlot(s).join();
                System.out.printf("slot %s: accepted wisun=%d plc=%d relay=%d%n", jp.ami.model.Slot.ofIndex(s),
                        sim.stats().accepted(CommPath.WISUN), sim.stats().accepted(CommPath.PLC), sim.stats().accepted(CommPath.RELAY));
            }
            System.out.println(sim.stats().snapshot());
            System.out.println("faults injected: " + sim.stats().faults() + "; re-collection: " + sim.stats().recollectItems()
                    + " item(s) asked, " + sim.stats().recollectGetRes() + " Get_Res, " + sim.stats().recollectGetSna() + " Get_SNA");
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new SimCommand()).execute(args));
    }
}
