package jp.ami.bench.e2e.peer;

import io.questdb.client.Sender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jp.ami.mdms.store.QuestDbServerProcess;

/**
 * Peer (b): QuestDB alone — raw readings into QuestDB over ILP, the 30-minute values computed by QuestDB SQL
 * ({@code lag()} window functions joined with the master), exported over the PG wire.
 *
 * <p>The server: QuestDB's own server jar (the {@code io.questdb} jar on our class path) started as a separate JVM
 * ({@code -Xmx2g} by default) on 127.0.0.1 with free HTTP (ILP, /exec) and PG-wire ports, data in
 * {@code <dataDir>/db} (the constructor wipes {@code dataDir}), output in {@code <dataDir>/questdb.out}; the other
 * listeners, telemetry and metrics are off. Started by the constructor and stopped by {@link #close()}, untimed.
 *
 * <p>Timed part of {@link #run}:
 * <b>load</b> = DDL for {@code readings(meter_id LONG, reg LONG, coefficient INT, digits INT, unit_code INT, ts TIMESTAMP)}
 * and {@code master(supply_point_id VARCHAR, meter_id LONG, retailer SYMBOL, contract_amperes INT, ts TIMESTAMP)}
 * (WAL, partitioned by day; master rows carry a constant timestamp), both files parsed and sent with the ILP client
 * ({@code io.questdb.client.Sender}, HTTP transport, auto-flush every 100 000 rows; one sender thread by default),
 * then polling {@code count()} until every row is visible
 * (WAL tables apply asynchronously); <b>compute</b> = {@code CREATE TABLE slot_values AS (…)} with {@code lag(reg)} and
 * {@code lag(ts)} over {@code PARTITION BY meter_id ORDER BY ts}, long arithmetic, joined with the master;
 * <b>export</b> = one {@code SELECT retailer, … ORDER BY slot_end, supply_point_id} streamed over the PG wire (JDBC,
 * fetch size 100 000) and split into the retailer files — each file's lines are a subsequence of one globally sorted
 * stream, hence sorted too. (Adding {@code retailer} as the first sort key, or one query per retailer, is slower: at
 * 1 M values QuestDB's VARCHAR sort dominates, about 8 s with the extra key against 4.5 s without.)
 */
public final class QuestDbSqlPeer implements Peer {
    private static final long VISIBLE_TIMEOUT_MS = 30 * 60_000L;
    private final Path dataDir;
    private final Path out;
    private final QuestDbServerProcess server;
    private final int httpPort;
    private final int pgPort;
    private final int senders;

    /** Wipes {@code dataDir} and starts a QuestDB server with {@code -Xmx2g}; loads with one ILP sender. */
    public QuestDbSqlPeer(Path dataDir) throws IOException, InterruptedException {
        this(dataDir, "2g", 1);
    }

    /**
     * Wipes {@code dataDir} and starts a QuestDB server.
     *
     * @param heap    the server's {@code -Xmx}, e.g. "2g"
     * @param senders ILP senders (threads, one HTTP connection each) that load the files in parallel, each taking
     *                every {@code senders}-th line. On this 2-core machine 1 and 2 were indistinguishable (noise
     *                from other load was larger than the difference); more cores may favour more senders.
     */
    public QuestDbSqlPeer(Path dataDir, String heap, int senders) throws IOException, InterruptedException {
        if (senders < 1) {
            throw new IllegalArgumentException("senders must be ≥ 1");
        }
        this.senders = senders;
        this.dataDir = dataDir.toAbsolutePath();
        this.out = this.dataDir.resolve("questdb.out");
        jp.ami.bench.BenchFiles.deleteRecursively(this.dataDir);
        Files.createDirectories(this.dataDir.resolve("db"));
        this.httpPort = jp.ami.bench.BenchFiles.freeLoopbackPort();
        this.pgPort = jp.ami.bench.BenchFiles.freeLoopbackPort();
        this.server = QuestDbServerProcess.start(this.dataDir.resolve("db"), heap, httpPort, pgPort, out);
        try {
            server.awaitReady(Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            close();
            throw new IOException("QuestDB did not start: " + e.getMessage() + "\n" + Procs.tail(out, 4000), e);
        }
    }

    @Override
    public String name() {
        return "questdb-sql";
    }

    public int httpPort() {
        return httpPort;
    }

    public int pgPort() {
        return pgPort;
    }

    private Connection connect() throws SQLException {
        return server.connect(5);
    }

    @Override
    public PeerResult run(PeerInput in, Path exportDir) throws Exception {
        Files.createDirectories(exportDir);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String t : List.of("slot_values", "readings", "master")) { // an earlier run, not timed
                st.execute("DROP TABLE IF EXISTS " + t);
            }

            long t0 = System.nanoTime();
            st.execute("CREATE TABLE readings (meter_id LONG, reg LONG, coefficient INT, digits INT, unit_code INT, ts TIMESTAMP) "
                    + "TIMESTAMP(ts) PARTITION BY DAY WAL");
            st.execute("CREATE TABLE master (supply_point_id VARCHAR, meter_id LONG, retailer SYMBOL, contract_amperes INT, ts TIMESTAMP) "
                    + "TIMESTAMP(ts) PARTITION BY DAY WAL");
            long[] masterRows = new long[senders];
            long[] readingRows = new long[senders];
            List<java.util.concurrent.Future<?>> sending = new ArrayList<>();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(senders);
            try {
                for (int k = 0; k < senders; k++) {
                    int part = k;
                    sending.add(pool.submit(() -> {
                        try (Sender sender = Sender.fromConfig("http::addr=127.0.0.1:" + httpPort + ";auto_flush_rows=100000;")) {
                            masterRows[part] = sendMaster(sender, in.masterCsv(), in.firstSlotIndex() * 1800L * 1_000_000L, part, senders);
                            readingRows[part] = sendReadings(sender, in.readingsCsv(), part, senders);
                            sender.flush();
                        }
                        return null;
                    }));
                }
                for (var f : sending) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long sent = System.nanoTime();
            awaitRows(st, "master", java.util.Arrays.stream(masterRows).sum());
            awaitRows(st, "readings", java.util.Arrays.stream(readingRows).sum());
            long t1 = System.nanoTime();
            if (Boolean.getBoolean("ami.peer.verbose")) {
                System.err.printf("questdb-sql: ILP send %.2f s, wait for visibility %.2f s%n", Procs.seconds(t0, sent), Procs.seconds(sent, t1));
            }

            st.execute("CREATE TABLE slot_values AS ("
                    + "SELECT m.retailer, m.supply_point_id, cast(v.ts AS LONG) / 1000000 AS slot_end, "
                    + "  ((v.reg - v.prev_reg) % cast(power(10, v.digits) AS LONG) + cast(power(10, v.digits) AS LONG)) "
                    + "    % cast(power(10, v.digits) AS LONG) * v.coefficient * " + PostgresPeer.unitsPerStepSql("v.unit_code")
                    + "    AS value_units "
                    + "FROM (SELECT meter_id, ts, reg, coefficient, digits, unit_code, "
                    + "        lag(reg) OVER (PARTITION BY meter_id ORDER BY ts) AS prev_reg, "
                    + "        lag(ts) OVER (PARTITION BY meter_id ORDER BY ts) AS prev_ts "
                    + "      FROM readings) v "
                    + "JOIN master m ON (meter_id) "
                    + "WHERE v.prev_ts = dateadd('m', -30, v.ts) "
                    + "  AND v.ts BETWEEN " + in.firstSlotEnd() * 1_000_000L + " AND " + in.lastSlotEnd() * 1_000_000L + ")");
            long t2 = System.nanoTime();

            long values = export(c, st, exportDir);
            long t3 = System.nanoTime();

            return PeerResult.timed(name(), values, t0, t1, t2, t3);
        }
    }

    /** Sends the master lines {@code part}, {@code part + parts}, … (0-based, after the header). */
    private static long sendMaster(Sender sender, Path csv, long tsMicros, int part, int parts) throws IOException {
        return eachLine(csv, part, parts, line -> {
            int a = line.indexOf(',');
            int b = line.indexOf(',', a + 1);
            int d = line.indexOf(',', b + 1);
            sender.table("master")
                    .symbol("retailer", line.substring(b + 1, d))
                    .stringColumn("supply_point_id", line.substring(0, a))
                    .longColumn("meter_id", Long.parseLong(line, a + 1, b, 10))
                    .longColumn("contract_amperes", d + 1 < line.length() ? Long.parseLong(line, d + 1, line.length(), 10) : 0)
                    .at(tsMicros, ChronoUnit.MICROS);
        });
    }

    /** Sends the reading lines {@code part}, {@code part + parts}, … (0-based, after the header). */
    private static long sendReadings(Sender sender, Path csv, int part, int parts) throws IOException {
        int[] cut = new int[5];
        return eachLine(csv, part, parts, line -> {
            int from = 0;
            for (int i = 0; i < 5; i++) {
                cut[i] = line.indexOf(',', from);
                from = cut[i] + 1;
            }
            sender.table("readings")
                    .longColumn("meter_id", Long.parseLong(line, 0, cut[0], 10))
                    .longColumn("reg", Long.parseLong(line, cut[1] + 1, cut[2], 10))
                    .longColumn("coefficient", Long.parseLong(line, cut[2] + 1, cut[3], 10))
                    .longColumn("digits", Long.parseLong(line, cut[3] + 1, cut[4], 10))
                    .longColumn("unit_code", Long.parseLong(line, cut[4] + 1, line.length(), 10))
                    .at(Long.parseLong(line, cut[0] + 1, cut[1], 10) * 1_000_000L, ChronoUnit.MICROS);
        });
    }

    /**
     * Gives {@code send} the non-empty lines {@code part}, {@code part + parts}, … (0-based, after the header) of
     * {@code csv}, one sender's share; returns how many it got.
     */
    private static long eachLine(Path csv, int part, int parts, Consumer<String> send) throws IOException {
        long rows = 0;
        long lineNo = -1;
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.US_ASCII)) {
            r.readLine(); // header
            String line;
            while ((line = r.readLine()) != null) {
                if (++lineNo % parts != part || line.isEmpty()) {
                    continue;
                }
                send.accept(line);
                rows++;
            }
        }
        return rows;
    }

    /** Polls until {@code table} shows {@code expected} rows; fails fast when its WAL apply is suspended. */
    private static void awaitRows(Statement st, String table, long expected) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(VISIBLE_TIMEOUT_MS);
        while (true) {
            long n;
            try (ResultSet rs = st.executeQuery("SELECT count() FROM " + table)) {
                rs.next();
                n = rs.getLong(1);
            }
            if (n == expected) {
                return;
            }
            if (n > expected) {
                throw new IllegalStateException(table + " has " + n + " rows, more than the " + expected + " sent");
            }
            try (ResultSet rs = st.executeQuery("SELECT suspended FROM wal_tables() WHERE name = '" + table + "'")) {
                if (rs.next() && rs.getBoolean(1)) {
                    throw new IllegalStateException("QuestDB suspended WAL apply of " + table + " at " + n + " of " + expected + " rows");
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("timed out: " + table + " shows " + n + " of " + expected + " rows");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
    }

    private static long export(Connection c, Statement st, Path exportDir) throws SQLException, IOException {
        Map<String, Writer> files = new HashMap<>();
        try {
            try (ResultSet rs = st.executeQuery("SELECT DISTINCT retailer FROM master")) {
                while (rs.next()) {
                    String r = rs.getString(1);
                    files.put(r, Files.newBufferedWriter(exportDir.resolve(r + ".csv"), StandardCharsets.US_ASCII));
                }
            }
            long values = 0;
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // lets the driver stream with a fetch size
            try (Statement q = c.createStatement()) {
                q.setFetchSize(100_000);
                try (ResultSet rs = q.executeQuery(
                        "SELECT retailer, supply_point_id, slot_end, value_units FROM slot_values ORDER BY slot_end, supply_point_id")) {
                    StringBuilder line = new StringBuilder(64);
                    while (rs.next()) {
                        String r = rs.getString(1);
                        Writer w = files.get(r);
                        if (w == null) {
                            throw new IllegalStateException("retailer " + r + " has values but is not in the master");
                        }
                        line.setLength(0);
                        line.append(rs.getString(2)).append(',').append(rs.getLong(3)).append(',');
                        long v = rs.getLong(4);
                        if (!rs.wasNull()) {
                            line.append(v);
                        }
                        line.append('\n');
                        w.append(line);
                        values++;
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
            return values;
        } finally {
            IOException failure = null;
            for (Writer w : files.values()) {
                try {
                    w.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
