package jp.ami.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import jp.ami.model.CommPath;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slots;
import jp.ami.protocol.envelope.MeterKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ami sim}: runs the meter simulator against a head-end in another process. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Simulate smart meters sending 30-minute readings to a head-end over Wi-SUN (CoAP), PLC and 1:N relays (TCP).")
public final class SimCommand implements Callable<Integer> {
    @Option(names = "--meters", defaultValue = "10000", description = "Number of meters (default ${DEFAULT-VALUE}).")
    int meters;

    @Option(names = "--slots", defaultValue = "4", description = "Slots to run (default ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--speed", defaultValue = "1", description = "Simulated clock speed; 1 is real time (default ${DEFAULT-VALUE}).")
    long speed;

    @Option(names = "--date", description = "JST date of the first slot (default today).")
    LocalDate date;

    @Option(names = "--first-slot", defaultValue = "1", description = "Number (1–48) of the first slot (default ${DEFAULT-VALUE}).")
    int firstSlot;

    @Option(names = "--hes-host", defaultValue = "127.0.0.1", description = "Head-end host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--tcp-port", defaultValue = "7201", description = "Head-end TCP port for PLC and 1:N (default ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--coap-port", defaultValue = "5683", description = "Head-end CoAP port for Wi-SUN (default ${DEFAULT-VALUE}).")
    int coapPort;

    @Option(names = "--master-key-file", required = true, description = "File holding the A-route master key as hex.")
    Path masterKeyFile;

    @Option(names = "--master-data", description = "Also write the MDMS master data CSV here.")
    Path masterData;

    @Override
    public Integer call() throws Exception {
        MeterPopulation population = new MeterPopulation(SimConfig.defaults(meters));
        if (masterData != null) {
            population.writeMasterData(masterData);
        }
        LocalDate day = date != null ? date : LocalDate.now(Slots.JST);
        long first = Slots.index(day, firstSlot);
        SimulatedClock clock = new SimulatedClock(Slots.start(first), speed);
        MeterKeys keys = MeterKeys.fromHex(Files.readString(masterKeyFile, StandardCharsets.US_ASCII).trim());
        InetAddress addr = InetAddress.getByName(host);
        try (BatchTransport tcp = new TcpBatchClient(new InetSocketAddress(addr, tcpPort), 5_000);
             BatchTransport coap = new CoapBatchClient(new InetSocketAddress(addr, coapPort), 5_000);
             MeterSimulator sim = new MeterSimulator(population, keys, tcp, coap, clock, ArrivalDelays.defaults(1))) {
            sim.sendOpeningReadings(first).join();
            for (long s = first; s < first + slots; s++) {
                sim.sendSlot(s).join();
                System.out.printf("slot %s: accepted wisun=%d plc=%d relay=%d%n", jp.ami.model.Slot.ofIndex(s),
                        sim.stats().accepted(CommPath.WISUN), sim.stats().accepted(CommPath.PLC), sim.stats().accepted(CommPath.RELAY));
            }
            System.out.println(sim.stats().snapshot());
        }
        return 0;
    }
}
