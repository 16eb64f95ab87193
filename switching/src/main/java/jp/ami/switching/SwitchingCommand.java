package jp.ami.switching;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyRegistry;
import jp.ami.service.ClockOptions;
import jp.ami.service.ReadingGroupsOption;
import jp.ami.service.UntilStopped;
import jp.ami.service.VarOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the switching service standalone (registry from the master-data CSV) until Ctrl-C. */
@Command(name = "switching", mixinStandardHelpOptions = true, version = "switching 0.1.0",
        description = "Switching applications, 廃止取次 and the matching batch: internal HTTP API on 127.0.0.1 behind the front.")
public final class SwitchingCommand implements Callable<Integer> {
    @Mixin
    VarOptions var;
    @Option(names = "--journal", description = "switching journal directory (default: <var>/switching-journal)")
    Path journal;
    @Option(names = "--port", description = "HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE})", defaultValue = "" + SwitchingConfig.DEFAULT_PORT)
    int port;
    @Option(names = "--matching-minutes", description = "matching batch interval in minutes (default: ${DEFAULT-VALUE})", defaultValue = "20")
    long matchingMinutes;
    @Option(names = "--deadline-hours", description = "matching deadline: hours before the switch date's 00:00 JST (default: ${DEFAULT-VALUE})", defaultValue = "12")
    long deadlineHours;
    @Option(names = "--max-body", description = "largest request body in bytes (default: ${DEFAULT-VALUE})", defaultValue = "16384")
    int maxBody;
    @Mixin
    ReadingGroupsOption readingGroups;
    @Option(names = "--tso", split = ",", description = "operator codes allowed to register consent passwords (default: ${DEFAULT-VALUE})", defaultValue = "03T01")
    String[] tso;
    @Mixin
    ClockOptions clockOptions;

    @Override
    public Integer call() throws Exception {
        SwitchingConfigBuilder builder = SwitchingConfig.builder(var.var()).port(port)
                .matchingInterval(Duration.ofMinutes(matchingMinutes))
                .deadlineBefore(Duration.ofHours(deadlineHours))
                .maxBodyBytes(maxBody)
                .tsoOperators(java.util.Arrays.stream(tso).map(OperatorCode::of).collect(java.util.stream.Collectors.toSet()));
        if (journal != null) {
            builder.journalDir(journal);
        }
        readingGroups.calendar().ifPresent(builder::readingCalendar);
        SwitchingConfig config = builder.build();
        RegistryCsv.Loaded master = RegistryCsv.read(var.masterData(), config.readingCalendar());
        SupplyRegistry registry = master.registry();
        Clock clock = clockOptions.clock();
        SwitchingServer server = new SwitchingServer(config, registry, master.details(), clock);
        System.out.printf("switching: %d supply points, replayed %d events; http://127.0.0.1:%d/switching/; Ctrl-C to stop%n",
                registry.size(), server.replayedEvents(), server.port());
        UntilStopped.await("switching-shutdown", server::close);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SwitchingCommand()).execute(args));
    }
}
