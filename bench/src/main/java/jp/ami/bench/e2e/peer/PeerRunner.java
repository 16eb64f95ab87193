package jp.ami.bench.e2e.peer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Standalone peer run: generates an input with {@link PeerInputGenerator}, runs the chosen peers on it and compares
 * their exports with each other.
 *
 * <p>{@code java -Xmx4g -cp bench/target/ami-bench.jar jp.ami.bench.e2e.peer.PeerRunner <workDir> <meters> [boundaries=2]
 * [retailers=20] [peers=postgres,questdb]} — input in {@code workDir/input}, servers in {@code workDir/pg} and
 * {@code workDir/qdb}, exports in {@code workDir/out-<peer>}. System properties: {@code ami.peer.questdb.heap} (2g),
 * {@code ami.peer.questdb.senders} (1), {@code ami.peer.verbose} (print the QuestDB load split).
 */
public final class PeerRunner {
    private PeerRunner() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PeerRunner <workDir> <meters> [boundaries=2] [retailers=20] [peers=postgres,questdb]");
            System.exit(2);
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        int meters = Integer.parseInt(args[1]);
        int boundaries = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int retailers = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        List<String> peers = List.of((args.length > 4 ? args[4] : "postgres,questdb").split(","));
        long g0 = System.nanoTime();
        PeerInput in = PeerInputGenerator.generate(work.resolve("input"), meters, boundaries, retailers, 1L);
        System.out.printf("input: %d meters x %d boundaries, %d retailers, generated in %.1f s%n", meters, boundaries, retailers,
                Procs.seconds(g0, System.nanoTime()));
        List<Path> outs = new ArrayList<>();
        for (String p : peers) {
            Path out = work.resolve("out-" + p);
            jp.ami.bench.BenchFiles.deleteRecursively(out);
            try (Peer peer = open(p, work)) {
                PeerResult r = peer.run(in, out);
                System.out.printf("%s: %.2f s, %d values, stages %s%n", r.name(), r.seconds(), r.values(), r.stageSeconds());
            }
            outs.add(out);
        }
        for (int i = 1; i < outs.size(); i++) {
            System.out.println(outs.get(0).getFileName() + " vs " + outs.get(i).getFileName() + ": "
                    + ExportComparison.compare(outs.get(0), outs.get(i)));
        }
    }

    private static Peer open(String name, Path work) throws Exception {
        return switch (name) {
            case "postgres", "postgresql" -> new PostgresPeer(work.resolve("pg"));
            case "questdb", "questdb-sql" -> new QuestDbSqlPeer(work.resolve("qdb"), System.getProperty("ami.peer.questdb.heap", "2g"),
                    Integer.getInteger("ami.peer.questdb.senders", 1));
            default -> throw new IllegalArgumentException("unknown peer " + name + " (postgres, questdb)");
        };
    }
}
