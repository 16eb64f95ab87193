package jp.ami.mdms.store;

import jp.ami.model.CommPath;

/**
 * The value history {@code lv_30min_history}: one row per (slot end, supply point, revision), written beside
 * {@code lv_30min} (the current value) for the first issue and every revision of a value, never overwritten by a
 * later revision. Beside the {@code lv_30min} columns it keeps the rule ({@link jp.ami.mdms.values.Vee.Method}) and
 * the provenance of the closing reading (path, concentrator / border router / relay, frame counter, journal index)
 * and the correction (ID, operator, reason) when an operator corrected the value. DEDUP on the three keys makes a
 * replay after a crash rewrite the same rows in place. See {@code docs/questdb-schema.md}.
 */
public final class HistoryTable {
    public static final String TABLE = "lv_30min_history";
    public static final String DDL = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "slot_end TIMESTAMP, "
            + "supply_point VARCHAR, "
            + "revision INT, "
            + "retailer SYMBOL, "
            + "value_units LONG, "
            + "status SYMBOL, "
            + "slot INT, "
            + "meter_id LONG, "
            + "flags INT, "
            + "rule SYMBOL, "
            + "written_at TIMESTAMP, "
            + "export_units LONG, "
            + "export_status SYMBOL, "
            + "export_vee_flags INT, "
            + "source_path SYMBOL, "
            + "source_id LONG, "
            + "frame_counter LONG, "
            + "journal_index LONG, "
            + "correction_id LONG, "
            + "operator SYMBOL, "
            + "reason VARCHAR"
            + ") TIMESTAMP(slot_end) PARTITION BY DAY WAL DEDUP UPSERT KEYS(slot_end, supply_point, revision)";

    private HistoryTable() {
    }

    /** The {@code source_path} symbol of a {@link CommPath} code ({@link CommPath#key()}), null for 0 (unknown). */
    public static String pathKey(int code) {
        return switch (code) {
            case 1 -> CommPath.WISUN.key();
            case 2 -> CommPath.PLC.key();
            case 3 -> CommPath.RELAY.key();
            default -> null;
        };
    }
}
