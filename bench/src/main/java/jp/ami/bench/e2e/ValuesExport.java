package jp.ami.bench.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Properties;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;

/**
 * Our 30-minute values, read back from the MDMS's QuestDB over the PG wire, written in the peers' export
 * format ({@code <retailer>.csv}: {@code supply_point_id,slot_end_epoch_second,value_units}, sorted by slot end
 * then point ID) so that a byte comparison says whether a peer computed the same values. Rows stream in any
 * order into one {@code long} per (slot, point) and are written in ID order from the registry's sorted index;
 * a missing or NULL value, or a second row for the same key, makes the export fail.
 */
final class ValuesExport {
    private ValuesExport() {
    }

    /** Rows read and checked; throws if any (slot, point) is absent, NULL or duplicated. */
    static long export(int questDbPgPort, SupplyRegistry registry, long firstSlot, long lastSlot, Path dir) throws Exception {
        int slots = (int) (lastSlot - firstSlot + 1);
        int points = registry.size();
        long[][] values = new long[slots][points];
        for (long[] v : values) {
            java.util.Arrays.fill(v, Long.MIN_VALUE);
        }
        Properties props = new Properties();
        props.setProperty("user", "admin");
        props.setProperty("password", "quest");
        props.setProperty("sslmode", "disable");
        long rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + questDbPgPort + "/qdb", props)) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT slot_end, supply_point, value_units FROM lv_30min WHERE slot_end >= ? AND slot_end <= ?")) {
                st.setFetchSize(100_000);
                st.setTimestamp(1, Timestamp.from(Slots.end(firstSlot)));
                st.setTimestamp(2, Timestamp.from(Slots.end(lastSlot)));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        long slotEnd = rs.getTimestamp(1).toInstant().getEpochSecond();
                        int s = (int) (Slots.closedBy(slotEnd) - firstSlot);
                        int p = registry.indexOf(SupplyPointId.of(rs.getString(2)));
                        long v = rs.getLong(3);
                        if (rs.wasNull()) {
                            throw new IllegalStateException("missing value for " + rs.getString(2) + " at " + slotEnd);
                        }
                        if (s < 0 || s >= slots || p < 0) {
                            throw new IllegalStateException("unexpected row " + rs.getString(2) + " at " + slotEnd);
                        }
                        if (values[s][p] != Long.MIN_VALUE) {
                            throw new IllegalStateException("two rows for " + rs.getString(2) + " at " + slotEnd);
                        }
                        values[s][p] = v;
                        rows++;
                    }
                }
            }
        }
        Files.createDirectories(dir);
        int[] byId = registry.indexesInIdOrder();
        int retailers = registry.retailerCount();
        BufferedWriter[] out = new BufferedWriter[retailers];
        try {
            for (int r = 0; r < retailers; r++) {
                OperatorCode code = registry.retailer(r);
                out[r] = Files.newBufferedWriter(dir.resolve(code.value() + ".csv"), StandardCharsets.US_ASCII);
            }
            char[] id = new char[SupplyPointId.LENGTH];
            StringBuilder line = new StringBuilder(64);
            for (int s = 0; s < slots; s++) {
                long slot = firstSlot + s;
                long slotEnd = Slots.endEpochSecond(slot);
                for (int p : byId) {
                    long v = values[s][p];
                    if (v == Long.MIN_VALUE) {
                        throw new IllegalStateException("no value for " + registry.pointAt(p) + " in slot " + slot);
                    }
                    registry.pointChars(p, id, 0);
                    line.setLength(0);
                    line.append(id).append(',').append(slotEnd).append(',').append(v).append('\n');
                    out[registry.retailerIndexAt(p, slot)].append(line);
                }
            }
        } finally {
            for (BufferedWriter w : out) {
                if (w != null) {
                    w.close();
                }
            }
        }
        return rows;
    }
}
