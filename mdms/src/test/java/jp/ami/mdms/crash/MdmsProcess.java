package jp.ami.mdms.crash;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import jp.ami.mdms.Fixtures;

/** A real MDMS child process ({@code MdmsCommand}) on the test class path, with the parent's JVM flags. */
final class MdmsProcess implements AutoCloseable {
    final Process process;
    final int httpPort;
    final int pgPort;

    MdmsProcess(Path var, String clockStart, List<String> extra) throws IOException {
        this.httpPort = Fixtures.freePort();
        this.pgPort = Fixtures.freePort();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Dchronicle") || a.startsWith("-Djna") || a.startsWith("-Duser.timezone")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx384m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add("jp.ami.mdms.MdmsCommand");
        cmd.addAll(List.of("--var", var.toString(), "--delivery-port", "0",
                "--questdb-http-port", Integer.toString(httpPort), "--questdb-pg-port", Integer.toString(pgPort),
                "--clock-start", clockStart, "--clock-speed", "1"));
        cmd.addAll(extra);
        Files.createDirectories(var);
        this.process = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(var.resolve("child.out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(var.resolve("child.err").toFile()))
                .start();
    }

    Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "admin");
        p.setProperty("password", "quest");
        p.setProperty("sslmode", "disable");
        p.setProperty("connectTimeout", "2");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb", p);
    }

    /** Every row of lv_30min as text, in key order; null while QuestDB does not answer or WAL is not applied. */
    List<String> rows() {
        List<String[]> rows = select("lv_30min", "SELECT slot_end, supply_point, retailer, value_units, status, revision, slot,"
                + " meter_id, vee_flags, written_at, export_units, export_status, export_vee_flags FROM lv_30min"
                + " ORDER BY slot_end, supply_point");
        if (rows == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            out.add(line(r));
        }
        return out;
    }

    /**
     * Every row of lv_30min_history as text, by (slot, point, revision), the journal index made relative to the
     * run's first (two runs' journals are written apart); null while QuestDB does not answer or WAL is not applied.
     */
    List<String> historyRows() {
        List<String[]> rows = select("lv_30min_history", "SELECT slot_end, supply_point, revision, retailer, value_units,"
                + " status, slot, meter_id, flags, rule, written_at, export_units, export_status, export_vee_flags, source_path,"
                + " source_id, frame_counter, journal_index,"
                + " correction_id, operator, reason FROM lv_30min_history ORDER BY slot_end, supply_point, revision");
        if (rows == null) {
            return null;
        }
        long first = Long.MAX_VALUE;
        for (String[] r : rows) {
            if (r[17] != null) {
                first = Math.min(first, Long.parseLong(r[17]));
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            if (r[17] != null) {
                r[17] = String.valueOf(Long.parseLong(r[17]) - first);
            }
            out.add(line(r));
        }
        return out;
    }

    /**
     * Every row of {@code sql}'s answer, its cells as text; null while QuestDB does not answer or {@code table}'s WAL
     * is not applied.
     */
    private List<String[]> select(String table, String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            if (!walApplied(st, table)) {
                return null;
            }
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    rows.add(cells(rs, n));
                }
            }
            return rows;
        } catch (SQLException e) {
            return null;
        }
    }

    /** Whether QuestDB has applied every WAL transaction of {@code table}. */
    private static boolean walApplied(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT sequencerTxn, writerTxn FROM wal_tables() WHERE name = '" + table + "'")) {
            return rs.next() && rs.getLong(1) == rs.getLong(2);
        }
    }

    /** The current row's {@code n} columns as text. */
    private static String[] cells(ResultSet rs, int n) throws SQLException {
        String[] r = new String[n];
        for (int i = 1; i <= n; i++) {
            r[i - 1] = rs.getString(i);
        }
        return r;
    }

    /** A row as the tests compare it: each cell followed by {@code |}. */
    private static String line(String[] cells) {
        return String.join("|", cells) + "|";
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
