package jp.ami.mdms.reissue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.store.QuestDbStore;
import jp.ami.mdms.values.ExportIndex;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.Slots;

/**
 * Reads the current values of one slot from QuestDB's {@code lv_30min} over SQL (PG wire) into a {@link SlotValues}:
 * the values a re-issue regenerates files from (never the outbox). Per point: value, status code (mapped back to the
 * status and the CUTOFF flag that give the same JP06122 code), VEE flags, the retailer of the row, and the export
 * value; per retailer the highest revision among its rows and that row's {@code written_at}.
 */
final class StoredRows {
    /** A connection to the store's PG wire. */
    @FunctionalInterface
    interface Connections {
        Connection connect() throws SQLException;
    }

    /** The rows of a slot: the values, and per retailer index its latest revision and written_at (epoch µs), -1 when none. */
    record Slot(SlotValues values, boolean[] present, int[] revision, long[] writtenMicros) {
        boolean has(int retailer) {
            return revision[retailer] >= 0;
        }
    }

    private final Connections connections;
    private final MasterData master;
    private final Map<String, ValueStatus> statusByCode = new HashMap<>();
    private final Map<String, Integer> retailerIndex = new HashMap<>();

    StoredRows(Connections connections, MdmsConfig config, MasterData master) {
        this.connections = connections;
        this.master = master;
        String[] codes = ValueStatus.codes(config);
        statusByCode.put(codes[ValueStatus.CODE_ESTIMATED_AT_CUTOFF], ValueStatus.ESTIMATED);
        for (ValueStatus s : ValueStatus.values()) {
            statusByCode.put(codes[s.ordinal()], s);
        }
        List<OperatorCode> rs = master.registry().retailers();
        for (int i = 0; i < rs.size(); i++) {
            retailerIndex.put(rs.get(i).value(), i);
        }
        this.cutoffCode = codes[ValueStatus.CODE_ESTIMATED_AT_CUTOFF];
    }

    private final String cutoffCode;

    /** The stored rows of {@code slotIndex}; a point without a row is MISSING with retailer -1 (in no file). */
    Slot read(long slotIndex) {
        var registry = master.registry();
        int n = registry.size();
        SlotValues v = new SlotValues(master);
        v.reset(slotIndex, 0, n);
        int rc = registry.retailerCount();
        int[] revision = new int[rc];
        long[] written = new long[rc];
        java.util.Arrays.fill(revision, -1);
        ExportIndex export = new ExportIndex(n);
        Map<Integer, Long> exports = new HashMap<>();
        boolean[] present = new boolean[n];
        String sql = "SELECT supply_point, retailer, value_units, status, vee_flags, revision, cast(written_at AS long),"
                + " export_units, export_status, export_vee_flags FROM " + QuestDbStore.TABLE
                + " WHERE slot_end = '" + Slots.end(slotIndex) + "'";
        try (Connection c = connections.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                int p = registry.indexOf(SupplyPointId.of(rs.getString(1)));
                Integer r = retailerIndex.get(rs.getString(2));
                if (p < 0 || r == null) {
                    throw new IllegalStateException("row of slot " + slotIndex + " names an unknown point or retailer: "
                            + rs.getString(1) + " " + rs.getString(2));
                }
                long units = rs.getLong(3);
                String code = rs.getString(4);
                int flags = rs.getInt(5);
                ValueStatus s = status(code);
                flags = code.equals(cutoffCode) ? flags | Vee.CUTOFF : flags & ~Vee.CUTOFF;
                v.set(p, s == ValueStatus.MISSING ? 0 : units, s, r, flags);
                present[p] = true;
                int rev = rs.getInt(6);
                long w = rs.getLong(7);
                if (rev > revision[r] || (rev == revision[r] && w > written[r])) {
                    revision[r] = rev;
                    written[r] = w;
                }
                String xs = rs.getString(9);
                if (xs != null) {
                    long xu = rs.getLong(8);
                    ValueStatus xst = status(xs);
                    int xf = rs.getInt(10);
                    xf = xs.equals(cutoffCode) ? xf | Vee.CUTOFF : xf & ~Vee.CUTOFF;
                    exports.put(p, Vee.pack(xst == ValueStatus.MISSING ? 0 : xu, xst, xf));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read slot " + slotIndex + " from QuestDB: " + e.getMessage(), e);
        }
        for (int p = 0; p < n; p++) {
            if (!present[p]) {
                v.set(p, 0, ValueStatus.MISSING, -1, 0); // no row: in no retailer's file
            }
        }
        if (!exports.isEmpty()) {
            for (int p : new java.util.TreeSet<>(exports.keySet())) {
                export.add(p, slotIndex);
            }
            v.resetExport(export, export.size());
            exports.forEach((p, x) -> v.setExport(export.of(p), x));
        }
        return new Slot(v, present, revision, written);
    }

    private ValueStatus status(String code) {
        ValueStatus s = statusByCode.get(code);
        if (s == null) {
            throw new IllegalStateException("unknown status code in " + QuestDbStore.TABLE + ": " + code);
        }
        return s;
    }
}
