package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.store.QuestDbStore;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./ami mdms history} against an embedded QuestDB over its PG wire, as a user would run it. */
class HistoryCommandTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    static final long SLOT = Slots.index(DAY, 3);
    @TempDir
    static Path dir;
    static QuestDbStore store;
    static MasterData master;
    /** The journal document holding point 0's closing reading of slot 4 (frame counter 4242). */
    static long documentIndex;

    @BeforeAll
    static void start() {
        store = new QuestDbStore(dir.resolve("questdb"), Fixtures.freePort(), Fixtures.freePort(), new String[]{"0", "1", "9", "2"});
        master = Fixtures.master(2);
        SlotValues v = new SlotValues(master);
        int p0 = master.registry().indexOf(Fixtures.point(0));
        int p1 = master.registry().indexOf(Fixtures.point(1));
        v.reset(SLOT, 0, 2);
        v.set(p0, 12_345, ValueStatus.PRESENT, master.registry().retailerIndexAt(p0, SLOT));
        v.provenance(p0, CommPath.PLC.code(), 4_000_000_001L, 77, 0x4A00_0000_0003L);
        Instant at = Slots.end(SLOT).plusSeconds(1200);
        store.write(v, at);
        // revision 1 of point 1: its gap closed later, then an operator corrected it (revision 2)
        v.revision(1);
        v.set(p1, 600, ValueStatus.ESTIMATED, master.registry().retailerIndexAt(p1, SLOT), Vee.GAP, Vee.Method.LIKE_DAY);
        v.provenance(p1, CommPath.WISUN.code(), 9, 1234, 0x4A00_0000_0009L);
        store.write(v, new int[]{p1}, 1, at.plusSeconds(1800));
        v.revision(2);
        v.set(p1, 650, ValueStatus.ESTIMATED, master.registry().retailerIndexAt(p1, SLOT), Vee.GAP | Vee.CORRECTED,
                Vee.Method.OPERATOR);
        v.correction(p1, 5, "OPS01", "customer reading");
        store.write(v, new int[]{p1}, 1, at.plusSeconds(3600));
        // slot 4 of point 0 as the engine writes it: the journal document of its closing reading, no frame counter
        try (jp.ami.journal.Journal journal = jp.ami.journal.Journal.open(dir.resolve("journal"));
             jp.ami.journal.JournalAppender appender = journal.appender()) {
            jp.ami.journal.ReadingBatch b = new jp.ami.journal.ReadingBatch();
            long end = Slots.endEpochSecond(SLOT + 1);
            b.add(master.meterOfPoint(p1), end, 10, end * 1000, 1, 99, 0x02, 6, 1, 0, 0);
            b.add(master.meterOfPoint(p0), end - 1800, 10, end * 1000, 1, 4241, 0x02, 6, 1, 0, 0);
            b.add(master.meterOfPoint(p0), end, 12, end * 1000, 1, 4242, 0x02, 6, 1, 0, 0);
            documentIndex = appender.append(b);
        }
        v.reset(SLOT + 1, 0, 2);
        v.set(p0, 20_000, ValueStatus.PRESENT, master.registry().retailerIndexAt(p0, SLOT + 1));
        v.provenance(p0, CommPath.PLC.code(), 4_000_000_001L, 0, documentIndex);
        store.write(v, new int[]{p0}, 1, at.plusSeconds(1800));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> store.historyCount() >= 5);
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new MdmsCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void prints_the_provenance_of_a_measured_value() {
        String out = run("history", "--supply-point", Fixtures.point(0).value(), "--date", DAY.toString(),
                "--pg-port", String.valueOf(store.pgPort()));
        assertThat(out.lines()).first().isEqualTo("2026-11-22 slot 03 rev 0  1.2345 kWh  status 0  rule MEASURED  flags -"
                + "  path plc  source 4000000001  frame 77  journal " + 0x4A00_0000_0003L);
    }

    @Test
    void resolves_the_frame_counter_the_engine_does_not_keep_from_the_journal_document() {
        String[] args = {"history", "--supply-point", Fixtures.point(0).value(), "--date", DAY.toString(),
                "--pg-port", String.valueOf(store.pgPort())};
        String slot4 = "2026-11-22 slot 04 rev 0  2.0000 kWh  status 0  rule MEASURED  flags -  path plc  source 4000000001";
        assertThat(run(args).lines()).contains(slot4 + "  frame -  journal " + documentIndex);
        String[] withJournal = java.util.Arrays.copyOf(args, args.length + 2);
        withJournal[args.length] = "--journal";
        withJournal[args.length + 1] = dir.resolve("journal").toString();
        assertThat(run(withJournal).lines()).containsExactly(
                "2026-11-22 slot 03 rev 0  1.2345 kWh  status 0  rule MEASURED  flags -  path plc  source 4000000001  frame 77"
                        + "  journal " + 0x4A00_0000_0003L, // kept as written (the document is not in this journal)
                slot4 + "  frame 4242  journal " + documentIndex);
    }

    @Test
    void a_directory_that_is_no_journal_is_refused_and_not_created() {
        Path nowhere = dir.resolve("nowhere");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jp.ami.mdms.store.JournalFrameCounters.open(nowhere))
                .isInstanceOf(jp.ami.model.InvalidValueException.class).hasMessageContaining("is not a journal directory");
        assertThat(nowhere).doesNotExist();
    }

    @Test
    void prints_one_line_per_revision_with_rule_flags_and_correction() {
        String out = run("history", "--supply-point", Fixtures.point(1).value(), "--date", DAY.toString(),
                "--pg-port", String.valueOf(store.pgPort()));
        assertThat(out.lines()).containsExactly(
                "2026-11-22 slot 03 rev 0  missing  status 9  rule MEASURED  flags -  path -  source -  frame -  journal -",
                "2026-11-22 slot 03 rev 1  0.0600 kWh  status 1  rule LIKE_DAY  flags GAP  path wisun  source 9  frame 1234"
                        + "  journal " + 0x4A00_0000_0009L,
                "2026-11-22 slot 03 rev 2  0.0650 kWh  status 1  rule OPERATOR  flags GAP|CORRECTED  path wisun  source 9"
                        + "  frame 1234  journal " + 0x4A00_0000_0009L + "  correction 5 by OPS01: customer reading");
    }

    @Test
    void json_has_one_object_per_revision() throws Exception {
        String out = run("history", "--supply-point", Fixtures.point(1).value(), "--date", DAY.toString(),
                "--pg-port", String.valueOf(store.pgPort()), "--json");
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        assertThat(tree).hasSize(3);
        assertThat(tree.get(2).get("revision").asInt()).isEqualTo(2);
        assertThat(tree.get(2).get("operator").asText()).isEqualTo("OPS01");
        assertThat(tree.get(2).get("flagNames").toString()).isEqualTo("[\"GAP\",\"CORRECTED\"]");
        assertThat(tree.get(1).get("sourcePath").asText()).isEqualTo("wisun");
        assertThat(tree.get(0).get("valueUnits").isNull()).isTrue();
    }

    @Test
    void another_day_has_no_history() {
        String out = run("history", "--supply-point", Fixtures.point(0).value(), "--date", "2026-11-21",
                "--pg-port", String.valueOf(store.pgPort()));
        assertThat(out.trim()).isEqualTo("no history for " + Fixtures.point(0).value() + " on 2026-11-21");
    }
}
