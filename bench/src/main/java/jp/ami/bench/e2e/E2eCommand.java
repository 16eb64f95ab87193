package jp.ami.bench.e2e;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ami bench e2e --meters N [--slots S] [--window MIN] [--report DIR]}: the 60-minute budget benchmark —
 * see {@link E2eRun} for the phases and {@code bench/README.md} for the figures.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = {"End-to-end benchmark of the 60-minute budget: simulated meters → HES (TCP + CoAP) → journal → MDMS → "
                + "QuestDB + XML files → DMZ front → retailers, then PostgreSQL and QuestDB-SQL peers on the same readings.",
                "Writes DIR/summary.json, DIR/report.md and DIR/latency.png."})
public final class E2eCommand implements Callable<Integer> {
    @Option(names = "--meters", defaultValue = "1000000", description = "Meters = supply points (default ${DEFAULT-VALUE}).")
    int meters;

    @Option(names = "--slots", defaultValue = "1", description = "Slots to finalise; boundaries = slots + 1 (default ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--window", defaultValue = "9", description = "Minutes after a boundary by which the slowest path's batches "
            + "have arrived; the per-path delay spreads (Wi-SUN, PLC, 1:N relay) are scaled to it; below the MDMS cut-off of 20 "
            + "(default ${DEFAULT-VALUE}, the simulator's own).")
    int window;

    @Option(names = "--rate", defaultValue = "0", description = "Offered readings/s, open loop with latency from the intended send "
            + "time (corrected for coordinated omission); 0 = closed loop, as fast as the head-end acknowledges (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--report", defaultValue = "var/bench/e2e/report", description = "Report directory (default ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--work", defaultValue = "var/bench/e2e", description = "Work directory: frames, journal, QuestDB, peers' data "
            + "(default ${DEFAULT-VALUE}; its run/ is deleted at the start).")
    Path work;

    @Option(names = "--no-peers", description = "Skip the PostgreSQL and QuestDB-SQL peers.")
    boolean noPeers;

    @Option(names = "--build-threads", defaultValue = "2", description = "Threads building frames ahead (default ${DEFAULT-VALUE}).")
    int buildThreads;

    @Option(names = "--tcp-connections", defaultValue = "16", description = "TCP connections the PLC concentrators and relays are "
            + "multiplexed over (default ${DEFAULT-VALUE}).")
    int tcpConnections;

    @Option(names = "--tcp-window", defaultValue = "4", description = "Unacknowledged batches per TCP connection (default ${DEFAULT-VALUE}).")
    int tcpWindow;

    @Option(names = "--coap-endpoints", defaultValue = "64", description = "CoAP endpoints the Wi-SUN border routers are multiplexed "
            + "over, each with --coap-window block-wise transfers in flight (default ${DEFAULT-VALUE}).")
    int coapEndpoints;

    @Option(names = "--coap-window", defaultValue = "4", description = "Batches in flight per CoAP endpoint (default ${DEFAULT-VALUE}).")
    int coapWindow;

    @Override
    public Integer call() throws Exception {
        if (window < 1 || window >= 20) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--window must be 1–19 minutes (the MDMS cut-off is 20)");
        }
        if (meters < 1 || slots < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--meters and --slots must be positive");
        }
        boolean peers = !noPeers;
        String command = "./ami bench e2e --meters " + meters + " --slots " + slots + " --window " + window
                + (rate > 0 ? " --rate " + rate : "") + (peers ? "" : " --no-peers") + " --report " + report;
        String machine = Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
        System.out.println("e2e: " + command);
        E2eResult r = new E2eRun(new E2eRun.Options(meters, slots, window, rate, work, peers, buildThreads,
                tcpConnections, tcpWindow, coapEndpoints, coapWindow, System.out)).run();
        E2eReport.write(r, report, command, machine);
        System.out.printf("e2e: %,d readings/s end to end; slot finalised in %.2f s after cut-off; %.1f %% within 60 min; "
                + "%.1f B/point%s%n", r.readingsPerSecond(), r.finalizeSeconds(), 100 * r.withinBudget(), r.bytesPerPoint(),
                r.peers().isEmpty() ? "" : "; peers " + r.peers().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue().seconds() + " s (" + e.getValue().ratio() + "×, same values "
                                + e.getValue().sameValues() + ")").toList());
        System.out.println("e2e: report in " + report.toAbsolutePath());
        return 0;
    }
}
