package jp.ami.mdms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import jp.ami.mdms.store.HistoryReader;
import jp.ami.mdms.store.HistoryRecord;
import jp.ami.mdms.store.JournalFrameCounters;
import jp.ami.mdms.values.Vee;
import jp.ami.model.InvalidValueException;
import jp.ami.model.Kwh;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./ami mdms history}: every revision of a supply point's 30-minute values of one JST day, with rule, VEE
 * flags and provenance, read from the value history ({@code lv_30min_history}) over the PG wire of a running MDMS's
 * QuestDB (embedded or external). One line per (slot, revision), or a JSON array with {@code --json}.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Every revision of a supply point's 30-minute values of one day, with provenance (from QuestDB).")
public final class HistoryCommand implements Callable<Integer> {
    @Option(names = "--supply-point", required = true, description = "22-digit supply point ID")
    String supplyPoint;
    @Option(names = "--date", required = true, description = "JST day, YYYY-MM-DD")
    String date;
    @Option(names = "--questdb-host", description = "QuestDB host (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String host;
    @Option(names = "--pg-port", description = "QuestDB PG wire port (default: ${DEFAULT-VALUE})", defaultValue = "8812")
    int pgPort;
    @Option(names = "--json", description = "print a JSON array instead of one line per revision")
    boolean json;
    @Option(names = "--journal", paramLabel = "DIR", description = "the journal the MDMS reads (e.g. var/demo/journal): "
            + "frame counters the rows leave empty are looked up in the journal documents they name")
    java.nio.file.Path journal;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SupplyPointId id = SupplyPointId.of(supplyPoint);
        LocalDate day = parseDate(date);
        Instant from = Slots.start(Slots.index(day, 1));
        Instant to = Slots.end(Slots.index(day, Slots.SLOTS_PER_DAY));
        List<HistoryRecord> rows;
        try (Connection c = connect()) {
            rows = HistoryReader.read(c, id, from, to);
        }
        if (journal != null) {
            try (JournalFrameCounters counters = JournalFrameCounters.open(journal)) {
                rows = rows.stream().map(counters::resolve).toList();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(asMaps(rows)));
        } else if (rows.isEmpty()) {
            out.println("no history for " + id.value() + " on " + day);
        } else {
            rows.forEach(r -> out.println(line(r)));
        }
        out.flush();
        return 0;
    }

    private static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("date", text, "must be a date YYYY-MM-DD");
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "admin");
        p.setProperty("password", "quest");
        p.setProperty("sslmode", "disable");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + pgPort + "/qdb", p);
    }

    /** One human line: slot (JST end), revision, value, status, rule, flags, provenance, correction. */
    static String line(HistoryRecord r) {
        long slot = Slots.closedBy(r.slotEndEpochSecond());
        StringBuilder sb = new StringBuilder();
        sb.append(Slots.jstDate(slot)).append(" slot ").append(String.format("%02d", Slots.number(slot)))
                .append(" rev ").append(r.revision())
                .append("  ").append(r.valueUnits() == null ? "missing" : Kwh.format(r.valueUnits()) + " kWh")
                .append("  status ").append(r.status())
                .append("  rule ").append(r.rule())
                .append("  flags ").append(r.flags() == 0 ? "-" : String.join("|", Vee.flagNames(r.flags())));
        sb.append("  path ").append(orDash(r.sourcePath()))
                .append("  source ").append(orDash(r.sourceId()))
                .append("  frame ").append(orDash(r.frameCounter()))
                .append("  journal ").append(orDash(r.journalIndex()));
        if (r.correctionId() != null) {
            sb.append("  correction ").append(r.correctionId())
                    .append(" by ").append(orDash(r.operator()))
                    .append(": ").append(orDash(r.reason()));
        }
        return sb.toString();
    }

    private static String orDash(Object v) {
        return v == null ? "-" : v.toString();
    }

    private static List<Map<String, Object>> asMaps(List<HistoryRecord> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HistoryRecord r : rows) {
            long slot = Slots.closedBy(r.slotEndEpochSecond());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slotEnd", Instant.ofEpochSecond(r.slotEndEpochSecond()).toString());
            m.put("slot", Slots.number(slot));
            m.put("supplyPoint", r.supplyPointId());
            m.put("meterId", r.meterId());
            m.put("revision", r.revision());
            m.put("valueUnits", r.valueUnits());
            m.put("kwh", r.valueUnits() == null ? null : Kwh.format(r.valueUnits()));
            m.put("status", r.status());
            m.put("rule", r.rule());
            m.put("flags", r.flags());
            m.put("flagNames", Vee.flagNames(r.flags()));
            m.put("sourcePath", r.sourcePath());
            m.put("sourceId", r.sourceId());
            m.put("frameCounter", r.frameCounter());
            m.put("journalIndex", r.journalIndex());
            m.put("correctionId", r.correctionId());
            m.put("operator", r.operator());
            m.put("reason", r.reason());
            out.add(m);
        }
        return out;
    }
}
