package jp.ami.mdms.store;

import io.questdb.client.Sender;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.Slots;

/**
 * {@link ValueStore} in an external QuestDB server: the table is created by DDL over the PG wire at start-up
 * (so it has DEDUP; ILP would auto-create it without), rows are written with the ILP client
 * ({@code io.questdb.client.Sender}) over HTTP, one request per {@link #write} call (auto-flush off), and read
 * over the PG wire. Idempotent like the embedded store: DEDUP UPSERT KEYS(slot_end, supply_point).
 * A missing value omits {@code value_units} (NULL); a point without an export value omits the export columns.
 */
public final class IlpQuestDbStore extends PgWireStore {
    private final String host;
    private final int httpPort;
    private final int pgPort;
    private final String[] statusCodes;
    private final Sender sender;
    private final char[] idChars = new char[jp.ami.model.SupplyPointId.LENGTH];
    private final java.nio.CharBuffer idText = java.nio.CharBuffer.wrap(idChars);

    /**
     * @param host        QuestDB server host
     * @param httpPort    its HTTP port (ILP over HTTP)
     * @param pgPort      its PG wire port
     * @param statusCodes status codes by ValueStatus#codeIndex
     */
    public IlpQuestDbStore(String host, int httpPort, int pgPort, String[] statusCodes) {
        super(host, pgPort);
        this.host = host;
        this.httpPort = httpPort;
        this.pgPort = pgPort;
        this.statusCodes = ValueStatus.checkedCodes(statusCodes);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(QuestDbStore.DDL);
            st.execute(HistoryTable.DDL);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create table in QuestDB at " + host + ":" + pgPort + ": " + e.getMessage(), e);
        }
        addMissingColumns();
        this.sender = Sender.fromConfig("http::addr=" + host + ":" + httpPort + ";auto_flush=off;");
    }



    private CharSequence pointText(jp.ami.model.SupplyRegistry registry, int p) {
        registry.pointChars(p, idChars, 0);
        return idText;
    }

    @Override
    public void write(SlotValues values, Instant writtenAt) {
        write(values, null, values.count(), writtenAt);
    }

    @Override
    public synchronized void write(SlotValues values, int[] points, int n, Instant writtenAt) {
        long slotEndMicros = Slots.endEpochSecond(values.slotIndex()) * 1_000_000L;
        long writtenMicros = writtenAt.getEpochSecond() * 1_000_000L + writtenAt.getNano() / 1000;
        int slotNumber = Slots.number(values.slotIndex());
        var registry = values.master().registry();
        try {
            for (int i = 0; i < n; i++) {
                int p = points == null ? i : points[i];
                long x = values.exportPacked(p);
                sender.table(QuestDbStore.TABLE)
                        .symbol("retailer", registry.retailer(values.retailer(p)).value())
                        .symbol("status", statusCodes[ValueStatus.codeIndex(values.status(p), values.flags(p))]);
                if (Vee.isSet(x)) { // ILP: symbols before the other columns
                    sender.symbol("export_status", statusCodes[ValueStatus.codeIndex(x)]);
                }
                sender.stringColumn("supply_point", pointText(registry, p));
                valueColumns(values, p, x);
                sender.longColumn("revision", values.revision())
                        .longColumn("slot", slotNumber)
                        .longColumn("meter_id", values.master().meterAt(p, values.slotIndex()))
                        .longColumn("vee_flags", values.flags(p))
                        .timestampColumn("written_at", writtenMicros, ChronoUnit.MICROS)
                        .at(slotEndMicros, ChronoUnit.MICROS);
                history(values, p, slotEndMicros, slotNumber, writtenMicros, registry.retailer(values.retailer(p)).value(), x);
            }
            sender.flush();
        } catch (RuntimeException e) {
            sender.reset();
            throw e;
        }
    }



    /**
     * The value columns both tables share: {@code value_units} (none when missing) and, for a point with an export
     * value {@code x} in the slot, {@code export_units} (none when missing) and {@code export_vee_flags}.
     */
    private void valueColumns(SlotValues values, int p, long x) {
        if (!values.isMissing(p)) {
            sender.longColumn("value_units", values.units(p));
        }
        if (Vee.isSet(x)) {
            if (Vee.status(x) != ValueStatus.MISSING) {
                sender.longColumn("export_units", Vee.units(x));
            }
            sender.longColumn("export_vee_flags", Vee.flags(x));
        }
    }

    /** The point's row of {@link HistoryTable} (same request as its current row). */
    private void history(SlotValues values, int p, long slotEndMicros, int slotNumber, long writtenMicros,
                         String retailer, long x) {
        sender.table(HistoryTable.TABLE)
                .symbol("retailer", retailer)
                .symbol("status", statusCodes[ValueStatus.codeIndex(values.status(p), values.flags(p))])
                .symbol("rule", values.method(p).name());
        if (Vee.isSet(x)) {
            sender.symbol("export_status", statusCodes[ValueStatus.codeIndex(x)]);
        }
        String path = HistoryTable.pathKey(values.sourcePath(p));
        if (path != null) {
            sender.symbol("source_path", path);
        }
        var c = values.correction(p);
        if (c != null && c.operator() != null) {
            sender.symbol("operator", c.operator());
        }
        sender.stringColumn("supply_point", pointText(values.master().registry(), p))
                .longColumn("revision", values.revision());
        valueColumns(values, p, x);
        if (path != null) {
            sender.longColumn("source_id", values.sourceId(p));
        }
        if (values.frameCounter(p) != 0) {
            sender.longColumn("frame_counter", values.frameCounter(p));
        }
        if (values.journalIndex(p) != 0) {
            sender.longColumn("journal_index", values.journalIndex(p));
        }
        if (c != null) {
            sender.longColumn("correction_id", c.id());
            if (c.reason() != null) {
                sender.stringColumn("reason", c.reason());
            }
        }
        sender.longColumn("slot", slotNumber)
                .longColumn("meter_id", values.master().meterAt(p, values.slotIndex()))
                .longColumn("flags", values.flags(p))
                .timestampColumn("written_at", writtenMicros, ChronoUnit.MICROS)
                .at(slotEndMicros, ChronoUnit.MICROS);
    }

    @Override
    public void close() {
        sender.close();
    }
}
