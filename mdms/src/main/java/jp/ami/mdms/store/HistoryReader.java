package jp.ami.mdms.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.ami.model.SupplyPointId;

/** Reads a point's value history ({@link HistoryTable}) over a PG-wire connection, by slot then revision. */
public final class HistoryReader {
    private HistoryReader() {
    }

    /** The history rows of {@code pointId} with slot end in ({@code from}, {@code to}], by slot end then revision. */
    public static List<HistoryRecord> read(Connection c, SupplyPointId pointId, Instant from, Instant to)
            throws SQLException {
        String sql = "SELECT cast(slot_end AS long), supply_point, meter_id, revision, value_units, status, flags, rule, "
                + "source_path, source_id, frame_counter, journal_index, correction_id, operator, reason FROM "
                + HistoryTable.TABLE + " WHERE supply_point = '" + pointId.value() + "' AND slot_end > '" + from
                + "' AND slot_end <= '" + to + "' ORDER BY slot_end, revision";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<HistoryRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new HistoryRecord(rs.getLong(1) / 1_000_000L, rs.getString(2), nullableLong(rs, 3), rs.getInt(4),
                        nullableLong(rs, 5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9),
                        nullableLong(rs, 10), nullableLong(rs, 11), nullableLong(rs, 12), nullableLong(rs, 13),
                        rs.getString(14), rs.getString(15)));
            }
            return out;
        }
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
