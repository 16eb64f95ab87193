package jp.ami.bench.e2e;

import static jp.ami.bench.e2e.E2eResult.round;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ami.bench.e2e.peer.ExportComparison;
import jp.ami.bench.e2e.peer.Peer;
import jp.ami.bench.e2e.peer.PeerInput;
import jp.ami.bench.e2e.peer.PeerResult;
import jp.ami.bench.e2e.peer.PostgresPeer;
import jp.ami.bench.e2e.peer.QuestDbSqlPeer;

/**
 * The peers on the same readings — PostgreSQL, then QuestDB's own SQL — each timed by itself and its export
 * compared with ours; their figures are set against ours (the MDMS's share, and the whole timed part).
 *
 * @param ours        our values, exported from QuestDB in the peers' format
 * @param mdmsSeconds our like-for-like part, the denominator of each peer's ratio
 * @param busySeconds our whole timed part, the denominator of each peer's end-to-end ratio
 */
record PeerRuns(PrintStream out, Path ours, double mdmsSeconds, double busySeconds) {
    /** Runs both peers on {@code input} (their data under {@code work}, their exports in {@code run}), one after the other. */
    Map<String, E2eResult.PeerFigures> run(PeerInput input, Path work, Path run) throws Exception {
        Map<String, E2eResult.PeerFigures> peers = new LinkedHashMap<>();
        peers.put("postgres", runPeer(new PostgresPeer(work.resolve("pg")), input, run.resolve("export-postgres")));
        peers.put("questdbSql", runPeer(new QuestDbSqlPeer(work.resolve("questdb-peer")), input, run.resolve("export-questdb")));
        return peers;
    }

    private E2eResult.PeerFigures runPeer(Peer peer, PeerInput input, Path export) throws Exception {
        try (peer) {
            out.printf("  peer   %s: loading %s …%n", peer.name(), input.readingsCsv().getFileName());
            PeerResult r = peer.run(input, export);
            ExportComparison.Result cmp = ExportComparison.compare(ours, export);
            out.printf("  peer   %s: %.1f s (%s), %,d values; same values as ours: %s%s%n", peer.name(), r.seconds(),
                    r.stageSeconds(), r.values(), cmp.equal(), cmp.equal() ? "" : " " + cmp.differences());
            return new E2eResult.PeerFigures(round(r.seconds()), round(r.seconds() / mdmsSeconds), round(r.seconds() / busySeconds),
                    r.values(), cmp.equal(), r.stageSeconds(), cmp.equal() ? List.of() : cmp.differences());
        }
    }
}
