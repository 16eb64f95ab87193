package jp.ami.mdms.store;

import io.questdb.Bootstrap;
import io.questdb.PropBootstrapConfiguration;
import io.questdb.ServerMain;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.TableToken;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.sql.TableRecordMetadata;
import io.questdb.cairo.wal.WalWriter;
import io.questdb.griffin.SqlException;
import io.questdb.std.str.Utf8StringSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;

/**
 * {@link ValueStore} in a QuestDB server embedded in this process.
 *
 * <p>Start-up runs QuestDB's own {@link ServerMain} on a root directory of ours, so its worker pools run
 * the WAL apply jobs (rows become visible), and it serves the web console (HTTP) and the PostgreSQL wire
 * on 127.0.0.1 only. ILP over TCP/UDP, the minimal health server, metrics and telemetry are disabled.
 *
 * <p>Write path: rows go through the engine's {@link WalWriter} (no network hop, no text protocol), one
 * WAL transaction per slot — or, for a slot of at least {@link #PARALLEL_ROWS} rows, one per share of the rows,
 * written at once by {@link #WRITERS} threads with a WAL writer each (QuestDB takes concurrent WAL writers to one
 * table; DEDUP makes the order of their transactions irrelevant, and a replay after a crash between them rewrites
 * every row of the slot again). The table is created by DDL before the first write, with
 * {@code DEDUP UPSERT KEYS(slot_end, supply_point)}: re-writing a slot replaces its rows. See
 * {@code docs/questdb-schema.md}.
 *
 * <p>Reads ({@link #read}, {@link #count}) go over the PG wire with the PostgreSQL JDBC driver, as any
 * external client would; WAL rows become visible to them only after the apply job ran, which
 * {@link #awaitVisible} waits for by polling.
 */
public final class QuestDbStore extends PgWireStore {
    public static final String TABLE = "lv_30min";
    public static final String DDL = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "slot_end TIMESTAMP, "
            + "supply_point VARCHAR, "
            + "retailer SYMBOL, "
            + "value_units LONG, "
            + "status SYMBOL, "
            + "revision INT, "
            + "slot INT, "
            + "meter_id LONG, "
            + "vee_flags INT, "
            + "written_at TIMESTAMP, "
            + "export_units LONG, "
            + "export_status SYMBOL, "
            + "export_vee_flags INT"
            + ") TIMESTAMP(slot_end) PARTITION BY DAY WAL DEDUP UPSERT KEYS(slot_end, supply_point)";
    /**
     * Columns added after the table's first version, with their types, in order: a table created before them
     * ({@code CREATE TABLE IF NOT EXISTS} keeps an old table as it is) gets them by {@code ALTER TABLE … ADD COLUMN}
     * at start-up ({@link PgWireStore#addMissingColumns}; QuestDB refuses a no-op {@code ADD COLUMN IF NOT EXISTS} on a
     * WAL table over the PG wire, so only the missing ones are added).
     */
    public static final List<String[]> ADDED_COLUMNS = List.of(
            new String[] {"export_units", "LONG"},
            new String[] {"export_status", "SYMBOL"},
            new String[] {"export_vee_flags", "INT"});

    private final Path root;
    private final int httpPort;
    private final int pgPort;
    private final String[] statusCodes;
    private final ServerMain server;
    private final CairoEngine engine;
    private final TableToken table;
    private final TableToken history;
    /** Rows from which a write is split over {@link #WRITERS} WAL writers. */
    static final int PARALLEL_ROWS = 200_000;
    /** WAL writers (threads) for a large write: one per core, at most 4. */
    static final int WRITERS = Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final RowBuffers rows = new RowBuffers();
    /** Whether writes also go to the value history; off only to measure what the history costs (bench). */
    private volatile boolean keepHistory = true;
    private java.util.concurrent.ExecutorService writerPool;

    /**
     * Starts the embedded server and creates the table if needed.
     *
     * @param root        QuestDB root directory (created)
     * @param httpPort    web console / REST port on 127.0.0.1
     * @param pgPort      PG wire port on 127.0.0.1
     * @param statusCodes codes stored in {@code status}, indexed by {@link ValueStatus#codeIndex}
     */
    public QuestDbStore(Path root, int httpPort, int pgPort, String[] statusCodes) {
        super("127.0.0.1", pgPort);
        this.root = root;
        this.httpPort = httpPort;
        this.pgPort = pgPort;
        this.statusCodes = ValueStatus.checkedCodes(statusCodes);
        try {
            Files.createDirectories(root.resolve("conf"));
            Files.createDirectories(root.resolve("log"));
            Path logConf = root.resolve("conf").resolve("log.conf");
            if (!Files.exists(logConf)) {
                // QuestDB logs to stdout by default; in our process it goes to its own file instead
                Files.writeString(logConf, "writers=file\n"
                        + "w.file.class=io.questdb.log.LogFileWriter\n"
                        + "w.file.location=" + root.toAbsolutePath().resolve("log").resolve("questdb.log") + "\n"
                        + "w.file.level=INFO,ERROR,CRITICAL,ADVISORY\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create QuestDB root " + root, e);
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        put(env, "http.bind.to", "127.0.0.1:" + httpPort);
        put(env, "pg.net.bind.to", "127.0.0.1:" + pgPort);
        put(env, "http.min.enabled", "false");
        put(env, "line.tcp.enabled", "false");
        put(env, "line.udp.enabled", "false");
        put(env, "metrics.enabled", "false");
        put(env, "telemetry.enabled", "false");
        put(env, "telemetry.disable.completely", "true");
        // Not ServerMain.create(root, env): it forces QuestDB's built-in log configuration (stdout). Without
        // that switch QuestDB reads <root>/conf/log.conf, which sends its log to <root>/log/questdb.log.
        ServerMain s = ConsoleToLog.call(() -> new ServerMain(new Bootstrap(new PropBootstrapConfiguration() {
            @Override
            public Map<String, String> getEnv() {
                return env;
            }
        }, "-d", root.toAbsolutePath().toString())));
        try {
            ConsoleToLog.run(() -> {
                s.start();
                s.awaitStartup();
            });
            this.engine = s.getEngine();
            engine.execute(DDL);
            engine.execute(HistoryTable.DDL);
            addMissingColumns();
            this.table = engine.verifyTableName(TABLE);
            this.history = engine.verifyTableName(HistoryTable.TABLE);
        } catch (SqlException | RuntimeException e) {
            ConsoleToLog.run(s::close);
            throw new IllegalStateException("cannot start embedded QuestDB in " + root + ": " + e.getMessage(), e);
        }
        this.server = s;
    }

    private static void put(Map<String, String> env, String property, String value) {
        env.put(ServerMain.propertyPathToEnvVarName(property), value);
    }

    public Path root() {
        return root;
    }

    public int httpPort() {
        return httpPort;
    }

    public int pgPort() {
        return pgPort;
    }


    @Override
    public void write(SlotValues values, Instant writtenAt) {
        write(values, null, values.count(), writtenAt);
    }

    @Override
    public void write(SlotValues values, int[] points, int n, Instant writtenAt) {
        if (n < PARALLEL_ROWS || WRITERS < 2) {
            writeRows(values, points, 0, n, writtenAt, rows);
            return;
        }
        if (writerPool == null) {
            java.util.concurrent.atomic.AtomicInteger k = new java.util.concurrent.atomic.AtomicInteger();
            writerPool = java.util.concurrent.Executors.newFixedThreadPool(WRITERS - 1, r -> {
                Thread t = new Thread(r, "questdb-store-writer-" + k.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        int share = (n + WRITERS - 1) / WRITERS;
        java.util.List<java.util.concurrent.Future<?>> others = new java.util.ArrayList<>();
        for (int w = 1; w < WRITERS; w++) {
            int from = Math.min(n, w * share);
            int to = Math.min(n, from + share);
            if (from < to) {
                others.add(writerPool.submit(() -> writeRows(values, points, from, to, writtenAt, new RowBuffers())));
            }
        }
        RuntimeException failure = null;
        try {
            writeRows(values, points, 0, Math.min(n, share), writtenAt, rows);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (java.util.concurrent.Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing slot " + values.slotIndex(), e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Per-thread scratch for one writer: the point ID as chars and as UTF-8. */
    private static final class RowBuffers {
        final Utf8StringSink utf8 = new Utf8StringSink(32);
        final char[] idChars = new char[jp.ami.model.SupplyPointId.LENGTH];
        final java.nio.CharBuffer idText = java.nio.CharBuffer.wrap(idChars);
    }

    /** Rows {@code [from, to)} of the write as one WAL transaction. */
    private void writeRows(SlotValues values, int[] points, int from, int to, Instant writtenAt, RowBuffers b) {
        long slotEndMicros = Slots.endEpochSecond(values.slotIndex()) * 1_000_000L;
        long writtenMicros = writtenAt.getEpochSecond() * 1_000_000L + writtenAt.getNano() / 1000;
        int slotNumber = Slots.number(values.slotIndex());
        var registry = values.master().registry();
        boolean withHistory = keepHistory;
        try (WalWriter w = engine.getWalWriter(table); WalWriter hw = withHistory ? engine.getWalWriter(history) : null) {
            HistoryRow h = withHistory ? new HistoryRow(hw.getMetadata()) : null;
            TableRecordMetadata m = w.getMetadata();
            int cPoint = m.getColumnIndex("supply_point");
            int cRetailer = m.getColumnIndex("retailer");
            int cStatus = m.getColumnIndex("status");
            int cRevision = m.getColumnIndex("revision");
            int cSlot = m.getColumnIndex("slot");
            int cMeter = m.getColumnIndex("meter_id");
            int cWritten = m.getColumnIndex("written_at");
            int cFlags = m.getColumnIndex("vee_flags");
            ValueColumns valueColumns = new ValueColumns(m);
            String[] retailerCodes = retailerCodes(registry.retailers());
            for (int i = from; i < to; i++) {
                int p = points == null ? i : points[i];
                TableWriter.Row row = w.newRow(slotEndMicros);
                b.utf8.clear();
                registry.pointChars(p, b.idChars, 0);
                b.utf8.put(b.idText);
                row.putVarchar(cPoint, b.utf8);
                row.putSym(cRetailer, retailerCodes[values.retailer(p)]);
                valueColumns.put(row, values, p, values.exportPacked(p));
                row.putSym(cStatus, statusCodes[ValueStatus.codeIndex(values.status(p), values.flags(p))]);
                row.putInt(cRevision, values.revision());
                row.putInt(cSlot, slotNumber);
                row.putLong(cMeter, values.master().meterAt(p, values.slotIndex()));
                row.putInt(cFlags, values.flags(p));
                row.putTimestamp(cWritten, writtenMicros);
                row.append();
                if (h != null) {
                    h.append(hw, slotEndMicros, b.utf8, values, p, retailerCodes[values.retailer(p)], slotNumber, writtenMicros);
                }
            }
            // history first: a crash between the two commits leaves a history row whose current row the replay writes
            if (hw != null) {
                hw.commit();
            }
            w.commit();
        }
    }

    /** Column indexes of the value and export columns both tables have, and their writes to one row. */
    private final class ValueColumns {
        final int cValue, cExport, cExportStatus, cExportFlags;

        ValueColumns(TableRecordMetadata m) {
            cValue = m.getColumnIndex("value_units");
            cExport = m.getColumnIndex("export_units");
            cExportStatus = m.getColumnIndex("export_status");
            cExportFlags = m.getColumnIndex("export_vee_flags");
        }

        /**
         * {@code value_units} (none when missing) and, for a point with an export value {@code x} in the slot,
         * {@code export_units} (none when missing), {@code export_status} and {@code export_vee_flags}.
         */
        void put(TableWriter.Row row, SlotValues values, int p, long x) {
            if (!values.isMissing(p)) {
                row.putLong(cValue, values.units(p));
            }
            if (Vee.isSet(x)) {
                if (Vee.status(x) != ValueStatus.MISSING) {
                    row.putLong(cExport, Vee.units(x));
                }
                row.putSym(cExportStatus, statusCodes[ValueStatus.codeIndex(x)]);
                row.putInt(cExportFlags, Vee.flags(x));
            }
        }
    }

    /** Column indexes of the history table and one row's worth of writes to it. */
    private final class HistoryRow {
        final int cPoint, cRevision, cRetailer, cStatus, cSlot, cMeter, cFlags, cRule, cWritten, cPath, cSource, cFrame,
                cJournal, cCorrection, cOperator, cReason;
        final ValueColumns valueColumns;

        HistoryRow(TableRecordMetadata m) {
            cPoint = m.getColumnIndex("supply_point");
            cRevision = m.getColumnIndex("revision");
            cRetailer = m.getColumnIndex("retailer");
            valueColumns = new ValueColumns(m);
            cStatus = m.getColumnIndex("status");
            cSlot = m.getColumnIndex("slot");
            cMeter = m.getColumnIndex("meter_id");
            cFlags = m.getColumnIndex("flags");
            cRule = m.getColumnIndex("rule");
            cWritten = m.getColumnIndex("written_at");
            cPath = m.getColumnIndex("source_path");
            cSource = m.getColumnIndex("source_id");
            cFrame = m.getColumnIndex("frame_counter");
            cJournal = m.getColumnIndex("journal_index");
            cCorrection = m.getColumnIndex("correction_id");
            cOperator = m.getColumnIndex("operator");
            cReason = m.getColumnIndex("reason");
        }

        void append(WalWriter hw, long slotEndMicros, Utf8StringSink pointId, SlotValues values, int p, String retailer,
                    int slotNumber, long writtenMicros) {
            TableWriter.Row row = hw.newRow(slotEndMicros);
            row.putVarchar(cPoint, pointId);
            row.putInt(cRevision, values.revision());
            row.putSym(cRetailer, retailer);
            valueColumns.put(row, values, p, values.exportPacked(p));
            row.putSym(cStatus, statusCodes[ValueStatus.codeIndex(values.status(p), values.flags(p))]);
            row.putInt(cSlot, slotNumber);
            row.putLong(cMeter, values.master().meterAt(p, values.slotIndex()));
            row.putInt(cFlags, values.flags(p));
            row.putSym(cRule, values.method(p).name());
            row.putTimestamp(cWritten, writtenMicros);
            String path = HistoryTable.pathKey(values.sourcePath(p));
            if (path != null) {
                row.putSym(cPath, path);
                row.putLong(cSource, values.sourceId(p));
            }
            if (values.frameCounter(p) != 0) {
                row.putLong(cFrame, values.frameCounter(p));
            }
            if (values.journalIndex(p) != 0) {
                row.putLong(cJournal, values.journalIndex(p));
            }
            var c = values.correction(p);
            if (c != null) {
                row.putLong(cCorrection, c.id());
                if (c.operator() != null) {
                    row.putSym(cOperator, c.operator());
                }
                if (c.reason() != null) {
                    row.putVarchar(cReason, new io.questdb.std.str.Utf8String(c.reason())); // rare: a few per slot
                }
            }
            row.append();
        }
    }

    private static String[] retailerCodes(List<OperatorCode> retailers) {
        String[] codes = new String[retailers.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = retailers.get(i).value();
        }
        return codes;
    }



    /**
     * Turns the value history ({@link HistoryTable}) writes off or on. The MDMS always keeps it; the store benchmark
     * turns it off to measure its cost ({@code docs/questdb-schema.md}).
     */
    public void keepHistory(boolean on) {
        this.keepHistory = on;
    }

    /** The embedded engine (for tools and benchmarks in this process). */
    public CairoEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        if (writerPool != null) {
            writerPool.shutdownNow();
        }
        ConsoleToLog.run(server::close);
    }
}
