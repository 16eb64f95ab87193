package jp.ami.bench.e2e.peer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Peer (a): what an engineer would do with a stock PostgreSQL — bulk-load the CSV files with {@code COPY}, compute
 * the 30-minute values with one SQL statement using the {@code lag()} window function, export each retailer with
 * {@code COPY (SELECT … ORDER BY …) TO STDOUT}.
 *
 * <p>The server: the Debian package's binaries ({@code /usr/lib/postgresql/<newest>/bin}; if there are none,
 * {@code apt-get install -y postgresql} is run, through sudo when not root). The constructor wipes the data dir it is
 * given, runs {@code initdb --auth=trust --locale=C} into {@code <dataDir>/cluster} and starts it with {@code pg_ctl}
 * on 127.0.0.1 at a free port (no Unix socket), log in {@code <dataDir>/server.log}. When the JVM runs as root
 * (PostgreSQL refuses to), the data dir is chowned to the {@code postgres} OS user and every server command runs as
 * it through {@code runuser -u postgres --}; the data dir's parents must then be traversable by that user.
 * {@link #close()} stops it with {@code pg_ctl stop -m fast}. Start and stop are not timed.
 *
 * <p>Settings (appended to postgresql.conf), chosen as an engineer tuning a single-box bulk job would:
 * <ul>
 *   <li>{@code shared_buffers=2GB}, {@code work_mem=256MB} (the window sort and the join stay in memory),
 *       {@code maintenance_work_mem=1GB} (index build), {@code max_wal_size=8GB} (no checkpoints mid-load);</li>
 *   <li>{@code synchronous_commit=off} — commits do not wait for the WAL flush; {@code fsync=on} — the data is
 *       still crash-safe, we do not turn durability off;</li>
 *   <li>{@code wal_level=minimal}, {@code max_wal_senders=0}: with it, a table created in the same transaction as
 *       its {@code COPY} (or {@code CREATE TABLE AS}) is written without WAL and synced at commit — the standard
 *       bulk-load idiom. Tables are ordinary (logged) tables, <b>not</b> UNLOGGED.</li>
 *   <li>{@code dynamic_shared_memory_type=mmap}, {@code max_parallel_workers_per_gather=2} (the machine's cores).</li>
 * </ul>
 *
 * <p>Timed part of {@link #run}: <b>load</b> = create tables + {@code COPY … FROM STDIN} of both files through the
 * JDBC driver's {@link CopyManager} (a client's view; no file permission issues); <b>compute</b> = {@code CREATE TABLE
 * slot_values AS} (window + join with the master), an index on retailer and ANALYZE;
 * <b>export</b> = one {@code COPY (SELECT … WHERE retailer = … ORDER BY slot_end, supply_point_id COLLATE "C") TO STDOUT}
 * per retailer into {@code <retailer>.csv} (bitmap index scan + in-memory sort of that retailer's rows; an index on
 * (retailer, slot_end, supply_point_id) costs more to build than it saves, the planner still sorts).
 * Arithmetic is bigint throughout: {@code steps = ((reg - prev) % 10^digits + 10^digits) % 10^digits}.
 */
public final class PostgresPeer implements Peer {
    private static final Path PG_LIB = Path.of("/usr/lib/postgresql");
    private final Path dataDir;
    private final Path cluster;
    private final Path log;
    private final Path bin;
    private final List<String> asServerUser;
    private int port;
    private boolean running;

    /** Wipes {@code dataDir}, creates a cluster in it and starts the server. */
    public PostgresPeer(Path dataDir) throws IOException, InterruptedException, SQLException {
        this.dataDir = dataDir.toAbsolutePath();
        this.cluster = this.dataDir.resolve("cluster");
        this.log = this.dataDir.resolve("server.log");
        this.bin = findOrInstallBinaries();
        boolean root = Procs.check("id -u", List.of("id", "-u"), 10).trim().equals("0");
        this.asServerUser = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
        if (Files.exists(cluster.resolve("postmaster.pid"))) { // a server left over from an earlier run
            Procs.run(Procs.cmd(asServerUser, bin.resolve("pg_ctl").toString(), "-D", cluster.toString(), "stop", "-m", "immediate", "-w"), 60);
        }
        jp.ami.bench.BenchFiles.deleteRecursively(this.dataDir);
        Files.createDirectories(this.dataDir);
        if (root) {
            chownToPostgres(this.dataDir);
            Procs.Outcome access = Procs.run(Procs.cmd(asServerUser, "test", "-w", this.dataDir.toString()), 10);
            if (!access.ok()) {
                throw new IOException("PostgreSQL must run as the 'postgres' OS user (we are root), but it cannot write "
                        + this.dataDir + ": make its parent directories traversable (o+x) or choose another data dir");
            }
        }
        Procs.check("initdb", Procs.cmd(asServerUser, bin.resolve("initdb").toString(), "-D", cluster.toString(),
                "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C", "--no-sync"), 300);
        start();
    }

    @Override
    public String name() {
        return "postgresql";
    }

    /** The TCP port the server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** The server binaries' directory in use. */
    public Path binaries() {
        return bin;
    }

    private static Path findOrInstallBinaries() throws IOException, InterruptedException {
        Path found = newestInitdbDir();
        if (found != null) {
            return found;
        }
        boolean root = Procs.check("id -u", List.of("id", "-u"), 10).trim().equals("0");
        List<String> sudo = root ? List.of() : List.of("sudo", "-n");
        Procs.Outcome o = Procs.run(Procs.cmd(sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "postgresql"), 1800);
        found = newestInitdbDir();
        if (found == null) {
            throw new IOException("PostgreSQL is not installed (no initdb under " + PG_LIB + "/*/bin) and "
                    + "'apt-get install -y postgresql'" + (root ? "" : " via sudo") + " did not install it (exit "
                    + o.exitCode() + "):\n" + o.output());
        }
        return found;
    }

    private static Path newestInitdbDir() throws IOException {
        if (!Files.isDirectory(PG_LIB)) {
            return null;
        }
        try (Stream<Path> s = Files.list(PG_LIB)) {
            return s.filter(p -> Files.isExecutable(p.resolve("bin").resolve("initdb")))
                    .max(Comparator.comparingInt(p -> {
                        try {
                            return Integer.parseInt(p.getFileName().toString());
                        } catch (NumberFormatException e) {
                            return -1;
                        }
                    }))
                    .map(p -> p.resolve("bin"))
                    .orElse(null);
        }
    }

    private static void chownToPostgres(Path dir) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(lookup.lookupPrincipalByName("postgres"));
        GroupPrincipal group = lookup.lookupPrincipalByGroupName("postgres");
        view.setGroup(group);
    }

    private void start() throws IOException, InterruptedException, SQLException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = jp.ami.bench.BenchFiles.freeLoopbackPort();
            writeSettings(port);
            Procs.Outcome o = Procs.run(Procs.cmd(asServerUser, bin.resolve("pg_ctl").toString(), "-D", cluster.toString(),
                    "-l", log.toString(), "-w", "-t", "120", "start"), 180);
            if (o.ok()) {
                running = true;
                try (Connection c = connect()) {
                    if (!c.isValid(5)) {
                        throw new SQLException("PostgreSQL started but does not answer on 127.0.0.1:" + port);
                    }
                }
                return;
            }
            last = new IOException("pg_ctl start failed (exit " + o.exitCode() + "): " + o.output() + "\nserver log:\n" + Procs.tail(log, 4000));
        }
        throw last;
    }

    private void writeSettings(int port) throws IOException {
        Path conf = cluster.resolve("postgresql.auto.conf");
        String settings = String.join("\n",
                "# written by jp.ami.bench.e2e.peer.PostgresPeer",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = ''",
                "shared_buffers = '2GB'",
                "work_mem = '256MB'",
                "maintenance_work_mem = '1GB'",
                "max_wal_size = '8GB'",
                "synchronous_commit = off",
                "fsync = on",
                "wal_level = minimal",
                "max_wal_senders = 0",
                "dynamic_shared_memory_type = mmap",
                "max_parallel_workers_per_gather = 2",
                "jit = off",
                "") ;
        // postgresql.auto.conf exists after initdb and is owned by the server user: overwrite it in place
        Files.writeString(conf, settings, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("sslmode", "disable");
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }

    @Override
    public PeerResult run(PeerInput in, Path exportDir) throws Exception {
        Files.createDirectories(exportDir);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS slot_values, readings, master"); // an earlier run, not timed
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();

            long t0 = System.nanoTime();
            st.execute("CREATE TABLE master (supply_point_id text NOT NULL, meter_id bigint NOT NULL, retailer text NOT NULL, "
                    + "contract_amperes int)");
            st.execute("CREATE TABLE readings (meter_id bigint NOT NULL, boundary_epoch_second bigint NOT NULL, register bigint NOT NULL, "
                    + "coefficient int NOT NULL, digits int NOT NULL, unit_code int NOT NULL)");
            try (InputStream master = Files.newInputStream(in.masterCsv())) {
                copy.copyIn("COPY master FROM STDIN (FORMAT csv, HEADER true)", master, 1 << 16);
            }
            try (InputStream readings = Files.newInputStream(in.readingsCsv())) {
                copy.copyIn("COPY readings FROM STDIN (FORMAT csv, HEADER true)", readings, 1 << 16);
            }
            c.commit();
            long t1 = System.nanoTime();

            st.execute("ANALYZE master, readings");
            st.execute("CREATE TABLE slot_values AS "
                    + "SELECT m.retailer, m.supply_point_id, v.slot_end, "
                    + "  ((v.register - v.prev_register) % power(10, v.digits)::bigint + power(10, v.digits)::bigint) "
                    + "    % power(10, v.digits)::bigint * v.coefficient * " + unitsPerStepSql("v.unit_code") + " AS value_units "
                    + "FROM (SELECT meter_id, boundary_epoch_second AS slot_end, register, coefficient, digits, unit_code, "
                    + "        lag(register) OVER w AS prev_register, lag(boundary_epoch_second) OVER w AS prev_boundary "
                    + "      FROM readings WINDOW w AS (PARTITION BY meter_id ORDER BY boundary_epoch_second)) v "
                    + "JOIN master m ON m.meter_id = v.meter_id "
                    + "WHERE v.prev_boundary = v.slot_end - 1800 AND v.slot_end BETWEEN " + in.firstSlotEnd() + " AND " + in.lastSlotEnd());
            st.execute("CREATE INDEX slot_values_retailer ON slot_values (retailer)");
            st.execute("ANALYZE slot_values");
            c.commit();
            long t2 = System.nanoTime();

            List<String> retailers = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT DISTINCT retailer FROM master ORDER BY 1")) {
                while (rs.next()) {
                    retailers.add(rs.getString(1));
                }
            }
            long values = 0;
            for (String r : retailers) {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(exportDir.resolve(r + ".csv")), 1 << 16)) {
                    values += copy.copyOut("COPY (SELECT supply_point_id, slot_end, value_units FROM slot_values WHERE retailer = "
                            + literal(r) + " ORDER BY slot_end, supply_point_id COLLATE \"C\") TO STDOUT (FORMAT csv)", out);
                }
            }
            c.commit();
            long t3 = System.nanoTime();

            return PeerResult.timed(name(), values, t0, t1, t2, t3);
        }
    }

    static String unitsPerStepSql(String col) {
        return "(CASE " + col + " WHEN 0 THEN 10000 WHEN 1 THEN 1000 WHEN 2 THEN 100 WHEN 3 THEN 10 WHEN 4 THEN 1 "
                + "WHEN 10 THEN 100000 WHEN 11 THEN 1000000 WHEN 12 THEN 10000000 WHEN 13 THEN 100000000 END)";
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (running) {
            running = false;
            Procs.check("pg_ctl stop", Procs.cmd(asServerUser, bin.resolve("pg_ctl").toString(), "-D", cluster.toString(),
                    "stop", "-m", "fast", "-w", "-t", "120"), 180);
        }
    }
}
