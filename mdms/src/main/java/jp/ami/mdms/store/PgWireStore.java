package jp.ami.mdms.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jp.ami.model.Slots;

/**
 * The read side of the 30-minute value table over QuestDB's PostgreSQL wire, the same for the embedded server
 * and an external one: values of a slot or of a point, row counts, counts by status, and waiting until rows are
 * visible. The two stores differ only in how they write.
 */
abstract class PgWireStore implements ValueStore {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private final String jdbcUrl;

    PgWireStore(String host, int pgPort) {
        this.jdbcUrl = "jdbc:postgresql://" + host + ":" + pgPort + "/qdb";
    }

    /** JDBC URL of the PG wire. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Adds the {@link QuestDbStore#ADDED_COLUMNS} the table lacks (a table created by an older version). */
    void addMissingColumns() {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            java.util.Set<String> have = new java.util.HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT \"column\" FROM table_columns('" + QuestDbStore.TABLE + "')")) {
                while (rs.next()) {
                    have.add(rs.getString(1));
                }
            }
            for (String[] col : QuestDbStore.ADDED_COLUMNS) {
                if (!have.contains(col[0])) {
                    st.execute("ALTER TABLE " + QuestDbStore.TABLE + " ADD COLUMN " + col[0] + " " + col[1]);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot add the new columns to " + QuestDbStore.TABLE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredValue> read(long slotIndex) {
        String sql = "SELECT supply_point, value_units, status, revision, meter_id, export_units, export_status FROM " + QuestDbStore.TABLE
                + " WHERE slot_end = '" + Slots.end(slotIndex) + "' ORDER BY supply_point";
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<StoredValue> out = new ArrayList<>();
            while (rs.next()) {
                long v = rs.getLong(2);
                Long value = rs.wasNull() ? null : v;
                long x = rs.getLong(6);
                Long export = rs.wasNull() ? null : x;
                out.add(new StoredValue(rs.getString(1), value, rs.getString(3), rs.getInt(4), rs.getLong(5), export,
                        rs.getString(7)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read slot " + slotIndex + " from QuestDB: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ValueStore.PointValue> readPoint(String supplyPointId, java.time.Instant from, java.time.Instant to) {
        jp.ami.model.SupplyPointId id = jp.ami.model.SupplyPointId.of(supplyPointId); // digits only: safe to inline
        String sql = "SELECT cast(slot_end AS long), value_units, status, revision, export_units, export_status FROM "
                + QuestDbStore.TABLE
                + " WHERE supply_point = '" + id.value() + "' AND slot_end > '" + from + "' AND slot_end <= '" + to
                + "' ORDER BY slot_end";
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<ValueStore.PointValue> out = new ArrayList<>();
            while (rs.next()) {
                long v = rs.getLong(2);
                Long value = rs.wasNull() ? null : v;
                long x = rs.getLong(5);
                Long export = rs.wasNull() ? null : x;
                out.add(new ValueStore.PointValue(rs.getLong(1) / 1_000_000L, value, rs.getString(3), rs.getInt(4), export,
                        rs.getString(6)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the history of " + supplyPointId + " from QuestDB: " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.Map<String, Long> totals(java.time.Instant from, java.time.Instant to) {
        String sql = "SELECT supply_point, sum(value_units) FROM " + QuestDbStore.TABLE + " WHERE slot_end > '" + from
                + "' AND slot_end <= '" + to + "' AND value_units != null";
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            java.util.Map<String, Long> out = new java.util.HashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot total the values from " + from + " to " + to + " in QuestDB: " + e.getMessage(), e);
        }
    }

    @Override
    public List<HistoryRecord> readHistory(String supplyPointId, java.time.Instant from, java.time.Instant to) {
        try (Connection c = connect()) {
            return HistoryReader.read(c, jp.ami.model.SupplyPointId.of(supplyPointId), from, to);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the value history of " + supplyPointId + " from QuestDB: " + e.getMessage(), e);
        }
    }

    @Override
    public long historyCount() {
        return queryCount("SELECT count() FROM " + HistoryTable.TABLE);
    }

    @Override
    public long count() {
        return queryCount("SELECT count() FROM " + QuestDbStore.TABLE);
    }

    @Override
    public java.util.Map<String, Long> countByStatus() {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT status, count() FROM " + QuestDbStore.TABLE + " ORDER BY status")) {
            java.util.Map<String, Long> out = new java.util.TreeMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count rows by status in QuestDB: " + e.getMessage(), e);
        }
    }

    @Override
    public long count(long slotIndex) {
        return queryCount("SELECT count() FROM " + QuestDbStore.TABLE + " WHERE slot_end = '" + Slots.end(slotIndex) + "'");
    }

    private long queryCount(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count rows in QuestDB: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean awaitVisible(long slotIndex, long expectedRows, Duration timeout) {
        return await(() -> count(slotIndex) >= expectedRows, timeout);
    }

    @Override
    public boolean awaitVisible(long expectedRows, Duration timeout) {
        return await(() -> count() >= expectedRows, timeout);
    }

    private static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * A new PG-wire connection (user admin, password quest). The read APIs here neither bind nor read
     * timestamps (pgjdbc would convert them with the JVM default zone); callers that do should use
     * {@code OffsetDateTime} or run with {@code -Duser.timezone=UTC}.
     */
    /**
     * A new PG-wire connection (user admin, password quest). The reads here neither bind nor read timestamps as
     * such (pgjdbc would convert them with the JVM default zone).
     */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "admin");
        p.setProperty("password", "quest");
        p.setProperty("sslmode", "disable");
        return DriverManager.getConnection(jdbcUrl, p);
    }
}
