package jp.ami.mdms;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import jp.ami.service.ClockOptions;
import jp.ami.service.ReadingGroupsOption;
import jp.ami.service.UntilStopped;
import jp.ami.service.VarOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the MDMS standalone against a head-end journal directory until Ctrl-C. */
@Command(name = "mdms", mixinStandardHelpOptions = true, version = "mdms 0.1.0",
        subcommands = {jp.ami.mdms.correction.CorrectCommand.class, jp.ami.mdms.reissue.ReissueCommand.class,
                HistoryCommand.class},
        description = "Meter data management: journal → 30-minute values → QuestDB + W4 files + delivery service.")
public final class MdmsCommand implements Callable<Integer> {
    @Mixin
    VarOptions var;
    @Option(names = "--journal", paramLabel = "DIR|kafka://HOST:PORT[,HOST:PORT]/TOPIC?partition=N",
            description = "head-end journal: a Chronicle directory (default: <var>/journal) or one partition of a Kafka "
                    + "topic (this MDMS consumes that partition in offset order)")
    String journal;
    @Option(names = "--delivery-port", description = "delivery service port on 127.0.0.1 (default: ${DEFAULT-VALUE})", defaultValue = "8081")
    int deliveryPort;
    @Option(names = "--questdb-http-port", description = "QuestDB web console port (default: ${DEFAULT-VALUE})", defaultValue = "9000")
    int httpPort;
    @Option(names = "--questdb-pg-port", description = "QuestDB PG wire port (default: ${DEFAULT-VALUE})", defaultValue = "8812")
    int pgPort;
    @Option(names = "--cutoff-minutes", description = "minutes after slot end at which a slot is finalised (default: ${DEFAULT-VALUE})", defaultValue = "20")
    long cutoffMinutes;
    @Option(names = "--encoding", description = "XML encoding, UTF-8 or Shift_JIS (default: ${DEFAULT-VALUE})", defaultValue = "UTF-8")
    String encoding;
    @Option(names = "--exchanges", description = "meter-exchange CSV (default: <var>/meter-exchanges.csv when it exists)")
    Path exchanges;
    @Option(names = "--records-per-file", description = "supply-point records per W4 file before splitting (default: ${DEFAULT-VALUE})", defaultValue = "50000")
    int recordsPerFile;
    @Option(names = "--clock-skew-tolerance-seconds", description = "readings this close to a boundary are snapped to it (default: ${DEFAULT-VALUE})", defaultValue = "60")
    long skewSeconds;
    @Mixin
    ReadingGroupsOption readingGroups;
    @Option(names = "--questdb-host", description = "use an external QuestDB server on this host (ILP over HTTP on --questdb-http-port, PG wire on --questdb-pg-port) instead of the embedded one")
    String questDbHost;
    @Option(names = "--switching", description = "follow the switches of a switching service in another process at this base URL, e.g. http://127.0.0.1:8084 (default: none)")
    java.net.URI switching;
    @Mixin
    ClockOptions clockOptions;

    @Override
    public Integer call() throws Exception {
        MdmsConfigBuilder builder = MdmsConfig.builder(var.var())
                .deliveryPort(deliveryPort).questDbHttpPort(httpPort).questDbPgPort(pgPort)
                .cutoff(Duration.ofMinutes(cutoffMinutes))
                .encoding(Charset.forName(encoding))
                .recordsPerFile(recordsPerFile)
                .clockSkewTolerance(Duration.ofSeconds(skewSeconds))
                .questDbHost(questDbHost)
                .switchingUrl(switching)
                .masterDataFile(var.masterData());
        Path defaultExchanges = var.var().resolve("meter-exchanges.csv");
        if (exchanges != null) {
            builder.exchangesFile(exchanges);
        } else if (java.nio.file.Files.exists(defaultExchanges)) {
            builder.exchangesFile(defaultExchanges);
        }
        if (journal != null && jp.ami.journal.ReadingLogs.isUri(journal)) {
            builder.journalUri(journal);
        } else if (journal != null) {
            builder.journalDir(Path.of(journal));
        }
        readingGroups.calendar().ifPresent(builder::readingCalendar);
        MdmsConfig config = builder.build();
        Clock clock = clockOptions.clock();
        MdmsServer server = new MdmsServer(config, clock);
        System.out.printf("mdms: delivery http://127.0.0.1:%d/30min/FileListReceiver, QuestDB console http://127.0.0.1:%d, PG 127.0.0.1:%d; Ctrl-C to stop%n",
                server.deliveryPort(), httpPort, pgPort);
        UntilStopped.await("mdms-shutdown", server::close);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MdmsCommand()).execute(args));
    }
}
