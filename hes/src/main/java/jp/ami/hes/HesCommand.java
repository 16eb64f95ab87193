package jp.ami.hes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import jp.ami.service.ClockOptions;
import jp.ami.service.UntilStopped;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hes}: runs the head-end until Ctrl-C. */
@Command(name = "hes", mixinStandardHelpOptions = true, version = "hes 0.1.0",
        description = "Head-end system: A-route batch ingest over TCP (PLC, 1:N relays) and CoAP (Wi-SUN) into the journal.")
public final class HesCommand implements Callable<Integer> {
    @Option(names = "--journal", required = true, paramLabel = "DIR|kafka://HOST:PORT[,HOST:PORT]/TOPIC",
            description = "Journal: a Chronicle Queue directory, or a Kafka topic (kafka://host:port[,host:port]/topic; "
                    + "a batch is acknowledged only after the brokers have it, acks=all).")
    String journal;

    @Option(names = "--journal-sync", paramLabel = "none|batch", defaultValue = "none",
            description = "Chronicle journal: batch = msync every appended batch before its ack (survives a power loss); "
                    + "none = in the mapped file (survives a process crash) (default ${DEFAULT-VALUE}).")
    String journalSync;

    @Option(names = "--tcp-host", defaultValue = HesConfig.DEFAULT_HOST, description = "TCP bind address (default ${DEFAULT-VALUE}).")
    String tcpHost;

    @Option(names = "--tcp-port", defaultValue = "" + HesConfig.DEFAULT_TCP_PORT, description = "TCP port (default ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--coap-host", defaultValue = HesConfig.DEFAULT_HOST, description = "CoAP bind address (default ${DEFAULT-VALUE}).")
    String coapHost;

    @Option(names = "--coap-port", defaultValue = "" + HesConfig.DEFAULT_COAP_PORT, description = "CoAP UDP port (default ${DEFAULT-VALUE}).")
    int coapPort;

    @ArgGroup(exclusive = true, multiplicity = "1")
    MasterKey masterKey;

    static final class MasterKey {
        @Option(names = "--master-key-file", description = "File holding the master key as hex.")
        Path file;

        @Option(names = "--master-key-hex", description = "Master key as hex (demo only; visible in the process list).")
        String hex;

        String resolve() throws java.io.IOException {
            return file != null ? Files.readString(file, StandardCharsets.US_ASCII).strip() : hex.strip();
        }
    }

    @Option(names = "--first-meter", defaultValue = "1", description = "First known meter ID (default ${DEFAULT-VALUE}).")
    long firstMeter;

    @Option(names = "--meters", defaultValue = "10000", description = "Number of known meters (default ${DEFAULT-VALUE}).")
    long meters;

    @Option(names = "--ingest-queue", defaultValue = "" + IngestPath.DEFAULT_QUEUE_CAPACITY,
            description = "Batches queued before OVERLOADED_RETRY (default ${DEFAULT-VALUE}).")
    int ingestQueue;

    @Option(names = "--http-port", defaultValue = "" + HesConfig.DEFAULT_HTTP_PORT,
            description = "Internal HTTP port on 127.0.0.1 for /stats/collection and /stats/ingest (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--area", defaultValue = "" + HesConfig.DEFAULT_AREA, description = "Area code 1–10 of the known meters (default ${DEFAULT-VALUE}).")
    int area;

    @Option(names = "--recollect-at", split = ",", defaultValue = "10,15",
            description = "Minutes after each slot boundary at which missing readings are re-collected; 'off' disables (default ${DEFAULT-VALUE}).")
    List<String> recollectAt;

    @Option(names = "--recollect-final", defaultValue = "20",
            description = "Minutes after the boundary of the last scan (the MDMS cut-off) (default ${DEFAULT-VALUE}).")
    long recollectFinal;

    @Option(names = "--bulk-pull-at", defaultValue = "02:00",
            description = "JST local time of the daily bulk history pull of the previous days' still-missing readings; 'off' disables (default ${DEFAULT-VALUE}).")
    String bulkPullAt;

    @Option(names = "--bulk-pull-rate", defaultValue = "" + HesConfig.DEFAULT_BULK_PULL_RATE,
            description = "Bulk history pull load bound, meters asked per second (default ${DEFAULT-VALUE}).")
    int bulkPullRate;

    @Option(names = "--journal-min-free", paramLabel = "MIB", defaultValue = "" + (JournalSpace.DEFAULT_MIN_FREE_BYTES >> 20),
            description = "Free space (MiB) the journal's file system must keep: below it batches are answered "
                    + "OVERLOADED_RETRY (meters resend) until space returns; 0 = off (default ${DEFAULT-VALUE}).")
    long journalMinFreeMib;

    @Option(names = "--coap-allow", split = ",", paramLabel = "SUBNET",
            description = "Subnets the CoAP port takes datagrams from, e.g. 10.1.0.0/16 (the border routers' backhaul); "
                    + "others are dropped before parsing and counted (default: every source).")
    List<String> coapAllow = List.of();

    @Option(names = "--exchanges", description = "Meter-exchange CSV (the one the MDMS reads, e.g. written by ./ami sim --exchange): "
            + "new meters become known, re-collection expects the installed meter per boundary.")
    Path exchanges;

    @Mixin
    ClockOptions clockOptions;

    @Override
    public Integer call() throws Exception {
        List<Duration> rounds = recollectAt.size() == 1 && recollectAt.get(0).equalsIgnoreCase("off") ? List.of()
                : recollectAt.stream().map(m -> Duration.ofMinutes(Long.parseLong(m.strip()))).toList();
        boolean uri = jp.ami.journal.ReadingLogs.isUri(journal);
        HesConfig config = HesConfig.builder(uri ? null : Path.of(journal), masterKey.resolve())
                .journalUri(uri ? journal : null).journalSync(jp.ami.journal.JournalSync.parse(journalSync))
                .tcpHost(tcpHost).tcpPort(tcpPort)
                .coapHost(coapHost).coapPort(coapPort).firstMeterId(firstMeter).meterCount(meters)
                .ingestQueueCapacity(ingestQueue).httpPort(httpPort).area(area)
                .recollectRounds(rounds).recollectFinal(Duration.ofMinutes(recollectFinal))
                .exchanges(exchanges != null ? MeterExchange.load(exchanges) : List.of())
                .bulkPullAt(parseBulkPullAt(bulkPullAt)).bulkPullRate(bulkPullRate)
                .journalMinFreeBytes(journalMinFreeMib << 20).coapAllow(coapAllow).build();
        Clock clock = clockOptions.clock();
        HesServer server = HesServer.start(config, clock);
        System.out.printf("hes running: tcp %s:%d, coap %s:%d, stats http://127.0.0.1:%d/stats/collection, journal %s (Ctrl-C to stop)%n",
                tcpHost, server.tcpPort(), coapHost, server.coapPort(), server.httpPort(), journal);
        UntilStopped.await("hes-shutdown", server::close);
        return 0;
    }

    /** "HH:mm" (JST) or "off" (null); anything else is a user error with one clear line. */
    static java.time.LocalTime parseBulkPullAt(String value) {
        if (value.strip().equalsIgnoreCase("off")) {
            return null;
        }
        try {
            return java.time.LocalTime.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new jp.ami.model.InvalidValueException("bulkPullAt", value, "must be HH:mm (JST) or off");
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HesCommand()).execute(args));
    }
}
