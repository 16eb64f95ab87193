package jp.ami.mdms;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import jp.ami.model.calendar.ReadingCalendar;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;

/**
 * Configuration of the MDMS. Every key, its default and meaning:
 *
 * <table>
 * <caption>MDMS configuration</caption>
 * <tr><th>key</th><th>default</th><th>description</th></tr>
 * <tr><td>journalUri</td><td>none (Chronicle in journalDir)</td><td>the journal by URI instead, e.g. {@code kafka://host:port/topic?partition=N}: the MDMS (one shard) reads that one partition in offset order (needs {@code journal-kafka} on the classpath)</td></tr>
 * <tr><td>journalDir</td><td>{@code var/journal}</td><td>the head-end's journal (Chronicle Queue) directory; on start the MDMS restores its engine snapshot and re-reads the journal after it (see {@code MdmsServer})</td></tr>
 * <tr><td>tailerName</td><td>{@code mdms}</td><td>kept for compatibility, unused: the engine log and snapshot in {@link #dataDir} record where the MDMS stands</td></tr>
 * <tr><td>dataDir</td><td>{@code var/mdms}</td><td>MDMS data: the embedded QuestDB root {@code <dataDir>/questdb}, {@code engine-events.log}, {@code engine.snapshot}, issued values {@code days/YYYYMMDD.values}</td></tr>
 * <tr><td>outboxDir</td><td>{@code var/outbox}</td><td>published W4 ZIP files, one sub-directory per retailer code</td></tr>
 * <tr><td>masterDataFile</td><td>{@code var/master-data.csv}</td><td>CSV {@code supply_point_id,meter_id,retailer,contract_amperes}</td></tr>
 * <tr><td>deliveryPort</td><td>8081</td><td>port of the internal delivery service on 127.0.0.1 (0 = any free port)</td></tr>
 * <tr><td>questDbHttpPort</td><td>9000</td><td>embedded QuestDB web console / REST port on 127.0.0.1</td></tr>
 * <tr><td>questDbPgPort</td><td>8812</td><td>embedded QuestDB PostgreSQL-wire port on 127.0.0.1 (user admin, password quest, database qdb)</td></tr>
 * <tr><td>cutoff</td><td>20 minutes</td><td>a slot is finalised when the clock reads slot end + cutoff; late readings after that count as late</td></tr>
 * <tr><td>finalizeInterval</td><td>200 ms (real time)</td><td>how often the engine thread checks the clock for due slots when the journal is idle</td></tr>
 * <tr><td>tsoCode</td><td>{@code 03T01}</td><td>our (TSO) operator code, 5 × [0-9A-Z]: JPC09 and JP06110 in files</td></tr>
 * <tr><td>tsoName</td><td>{@code 東京エリア送配電}</td><td>our name, JP06111 (at most 50 characters)</td></tr>
 * <tr><td>statusPresent</td><td>{@code 0}</td><td>JP06122 code of a measured value</td></tr>
 * <tr><td>statusEstimated</td><td>{@code 1}</td><td>JP06122 code of an estimated value</td></tr>
 * <tr><td>statusMissing</td><td>{@code 9}</td><td>JP06122 code of a missing value (JP06125 omitted)</td></tr>
 * <tr><td>statusEstimatedAtCutoff</td><td>{@code 2}</td><td>JP06122 code of a value estimated at the cut-off without its closing reading (from the point's recent days or the load profile; a later revision replaces it when the reading arrives)</td></tr>
 * <tr><td>encoding</td><td>UTF-8</td><td>text encoding of the XML inside the ZIP files (Shift_JIS is available)</td></tr>
 * <tr><td>clockSkewTolerance</td><td>60 s</td><td>a reading stamped within this distance of a slot boundary is snapped to it (and its values flagged clock-skew); farther, or stamped later than received + max(tolerance, 10 min) (a meter clock a boundary fast; the slack absorbs a head-end clock stepped back), it is rejected and counted</td></tr>
 * <tr><td>recordsPerFile</td><td>50000</td><td>supply-point records per W4 file; larger sets are split into files numbered 0001, 0002, …</td></tr>
 * <tr><td>exchangesFile</td><td>none</td><td>optional meter-exchange CSV (see {@code MasterData#loadExchanges}); {@code <var>/meter-exchanges.csv} is used when it exists</td></tr>
 * <tr><td>readingCalendar</td><td>{@link ReadingCalendar#standard()}</td><td>reading groups and their reading days (検針日): when each point's month closes and its confirmed-usage notice (W5) is issued</td></tr>
 * <tr><td>switchingUrl</td><td>none</td><td>base URL of a switching service in another process (e.g. {@code http://127.0.0.1:8084}): the MDMS follows its switches through {@code GET /internal/switches} and finalises a slot only when every switch up to it is known ({@code SwitchFollower}); none = the registry is shared in one JVM, or there are no switches</td></tr>
 * <tr><td>switchingPollInterval</td><td>1 s (real time)</td><td>how often the MDMS asks the switching service for new switches</td></tr>
 * <tr><td>questDbHost</td><td>none (embedded)</td><td>an external QuestDB server: writes by ILP over HTTP to {@code questDbHost:questDbHttpPort}, reads by PG wire on {@code questDbHost:questDbPgPort}</td></tr>
 * </table>
 *
 * <p>Built from the defaults with {@code MdmsConfig.builder(base).cutoff(…).recordsPerFile(…).build()}, or changed with
 * {@code config.toBuilder()…build()} or a generated {@code withKey(value)}; the builder is generated by RecordBuilder
 * (one setter per key) and {@code build()} validates every key as the record's constructor does.
 */
@RecordBuilder
public record MdmsConfig(
        Path journalDir,
        String tailerName,
        Path dataDir,
        Path outboxDir,
        Path masterDataFile,
        int deliveryPort,
        int questDbHttpPort,
        int questDbPgPort,
        Duration cutoff,
        Duration finalizeInterval,
        String tsoCode,
        String tsoName,
        String statusPresent,
        String statusEstimated,
        String statusMissing,
        String statusEstimatedAtCutoff,
        Charset encoding,
        Duration clockSkewTolerance,
        int recordsPerFile,
        Path exchangesFile,
        String questDbHost,
        ReadingCalendar readingCalendar,
        URI switchingUrl,
        Duration switchingPollInterval,
        String journalUri) implements MdmsConfigBuilder.With {

    public static final int DEFAULT_DELIVERY_PORT = 8081;
    public static final int DEFAULT_QUESTDB_HTTP_PORT = 9000;
    public static final int DEFAULT_QUESTDB_PG_PORT = 8812;
    public static final Duration DEFAULT_CUTOFF = Duration.ofMinutes(20);

    public MdmsConfig {
        require("journalDir", journalDir);
        require("dataDir", dataDir);
        require("outboxDir", outboxDir);
        require("cutoff", cutoff);
        require("finalizeInterval", finalizeInterval);
        require("encoding", encoding);
        require("readingCalendar", readingCalendar);
        if (tailerName == null || tailerName.isBlank()) {
            throw new InvalidValueException("tailerName", tailerName, "is required");
        }
        port("deliveryPort", deliveryPort);
        port("questDbHttpPort", questDbHttpPort);
        port("questDbPgPort", questDbPgPort);
        if (cutoff.isNegative()) {
            throw new InvalidValueException("cutoff", cutoff, "must not be negative");
        }
        if (finalizeInterval.isNegative() || finalizeInterval.isZero()) {
            throw new InvalidValueException("finalizeInterval", finalizeInterval, "must be positive");
        }
        OperatorCode.of(tsoCode);
        if (tsoName == null || tsoName.isEmpty() || tsoName.length() > 50) {
            throw new InvalidValueException("tsoName", tsoName, "must be 1–50 characters");
        }
        if (statusEstimatedAtCutoff == null) {
            statusEstimatedAtCutoff = "2";
        }
        for (String[] s : new String[][]{{"statusPresent", statusPresent}, {"statusEstimated", statusEstimated}, {"statusMissing", statusMissing},
                {"statusEstimatedAtCutoff", statusEstimatedAtCutoff}}) {
            if (s[1] == null || s[1].isEmpty() || s[1].length() > 2) {
                throw new InvalidValueException(s[0], s[1], "must be 1–2 characters");
            }
        }
        require("clockSkewTolerance", clockSkewTolerance);
        if (clockSkewTolerance.isNegative() || clockSkewTolerance.toSeconds() >= 900) {
            throw new InvalidValueException("clockSkewTolerance", clockSkewTolerance, "must be 0 s to under 15 minutes");
        }
        if (recordsPerFile < 1) {
            throw new InvalidValueException("recordsPerFile", recordsPerFile, "must be at least 1");
        }
        if (questDbHost != null && questDbHost.isBlank()) {
            throw new InvalidValueException("questDbHost", questDbHost, "must be a host name or absent");
        }
        if (switchingUrl != null && !("http".equals(switchingUrl.getScheme()) && switchingUrl.getHost() != null)) {
            throw new InvalidValueException("switchingUrl", switchingUrl, "must be an http://host:port URL or absent");
        }
        if (switchingPollInterval == null) {
            switchingPollInterval = Duration.ofSeconds(1);
        }
        if (switchingPollInterval.isNegative() || switchingPollInterval.isZero()) {
            throw new InvalidValueException("switchingPollInterval", switchingPollInterval, "must be positive");
        }
        if (journalUri != null && !jp.ami.journal.ReadingLogs.isUri(journalUri)) {
            throw new InvalidValueException("journalUri", journalUri, "must be scheme://… (e.g. kafka://host:port/topic?partition=0)");
        }
        if (new java.util.HashSet<>(java.util.List.of(statusPresent, statusEstimated, statusMissing, statusEstimatedAtCutoff)).size() < 4) {
            throw new InvalidValueException("statusMissing", statusMissing, "status codes must differ");
        }
    }

    private static void require(String field, Object value) {
        if (value == null) {
            throw new InvalidValueException(field, null, "is required");
        }
    }

    private static void port(String field, int port) {
        if (port < 0 || port > 65535) {
            throw new InvalidValueException(field, port, "must be 0–65535");
        }
    }

    /** Defaults with everything under {@code base} ({@code base/journal}, {@code base/mdms}, {@code base/outbox}, {@code base/master-data.csv}). */
    public static MdmsConfig defaults(Path base) {
        return builder(base).build();
    }

    /** Defaults under {@code var/}. */
    public static MdmsConfig defaults() {
        return defaults(Path.of("var"));
    }

    /** A builder (generated: one setter per key) starting from the {@link #defaults(Path) defaults under} {@code base}. */
    public static MdmsConfigBuilder builder(Path base) {
        return MdmsConfigBuilder.builder().journalDir(base.resolve("journal")).tailerName("mdms").dataDir(base.resolve("mdms"))
                .outboxDir(base.resolve("outbox")).masterDataFile(base.resolve("master-data.csv"))
                .deliveryPort(DEFAULT_DELIVERY_PORT).questDbHttpPort(DEFAULT_QUESTDB_HTTP_PORT).questDbPgPort(DEFAULT_QUESTDB_PG_PORT)
                .cutoff(DEFAULT_CUTOFF).finalizeInterval(Duration.ofMillis(200)).tsoCode("03T01").tsoName("東京エリア送配電")
                .statusPresent("0").statusEstimated("1").statusMissing("9").statusEstimatedAtCutoff("2").encoding(StandardCharsets.UTF_8)
                .clockSkewTolerance(Duration.ofSeconds(60)).recordsPerFile(50_000).exchangesFile(null).questDbHost(null)
                .readingCalendar(ReadingCalendar.standard()).switchingUrl(null).switchingPollInterval(Duration.ofSeconds(1)).journalUri(null);
    }

    /** The journal to open ({@link jp.ami.journal.ReadingLogs#open}): {@link #journalUri} when set, else {@link #journalDir}. */
    public String journalLocation() {
        return journalUri != null ? journalUri : journalDir.toString();
    }

    /** A builder starting from this configuration. */
    public MdmsConfigBuilder toBuilder() {
        return with();
    }

    /** Root directory of the embedded QuestDB. */
    public Path questDbRoot() {
        return dataDir.resolve("questdb");
    }
}
