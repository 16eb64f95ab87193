package jp.ami.switching;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jp.ami.model.ManualClock;

/**
 * A switching server in a child JVM for {@link CrashRestartTest}: registry = {@link Fixture#registry()}, a test
 * clock at {@link Fixture#START}, no scheduler thread. Prints {@code READY <port> <replayed>}, then obeys stdin:
 * {@code clock <instant>}, {@code tick}, {@code dump} (the dump, then {@code END}).
 */
public final class SwitchingChild {
    private SwitchingChild() {
    }

    public static void main(String[] args) throws Exception {
        ManualClock clock = new ManualClock(Instant.parse(args[1]));
        SwitchingConfig config = SwitchingConfig.defaults(Path.of(args[0])).withJournalDir(Path.of(args[0]))
                .withPort(0).withPollInterval(Duration.ZERO);
        SwitchingServer server = new SwitchingServer(config, Fixture.registry(), clock);
        System.out.println("READY " + server.port() + " " + server.replayedEvents());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("clock ")) {
                clock.set(Instant.parse(line.substring(6)));
                System.out.println("OK");
            } else if (line.equals("tick")) {
                System.out.println("TICK " + server.tick());
            } else if (line.equals("dump")) {
                System.out.print(server.service().dump());
                System.out.println("END");
            }
            System.out.flush();
        }
        server.close();
    }
}
