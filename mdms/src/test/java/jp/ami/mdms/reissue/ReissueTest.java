package jp.ami.mdms.reissue;

import static jp.ami.mdms.Fixtures.await;
import static jp.ami.mdms.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.zip.ZipInputStream;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalAppender;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.Fixtures;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.MdmsServer;
import jp.ami.mdms.store.QuestDbStore;
import jp.ami.mdms.xml.FileNames;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-issue on demand over a running MDMS: byte identity, a missing file republished, a changed stored value revised. */
class ReissueTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    @TempDir
    Path dir;

    @Test
    void reissue_is_byte_identical_when_nothing_changed_republishes_a_missing_file_and_revises_a_changed_value() throws Exception {
        Path csv = dir.resolve("master.csv");
        Files.writeString(csv, "supply_point_id,meter_id,retailer,contract_amperes\n"
                + Fixtures.point(3).value() + ",13,R0002,30\n"
                + Fixtures.point(1).value() + ",11,R0013,30\n"
                + Fixtures.point(0).value() + ",10,R0013,30\n"
                + Fixtures.point(2).value() + ",12,R0002,30\n", StandardCharsets.UTF_8);
        MdmsConfig config = Fixtures.configBuilder(dir.resolve("var")).masterDataFile(csv)
                .deliveryPort(0).questDbHttpPort(Fixtures.freePort()).questDbPgPort(Fixtures.freePort()).build();
        long first = Slots.index(DAY, 1);
        long last = Slots.index(DAY, 48);
        try (Journal journal = Journal.open(config.journalDir()); JournalAppender appender = journal.appender()) {
            ReadingBatch b = new ReadingBatch();
            for (long s = first - 1; s <= last; s++) {
                for (int m = 10; m <= 13; m++) {
                    reading(b, m, Slots.endEpochSecond(s), 1000 + (s - first) * m, 0x02, 1, 6);
                }
            }
            appender.append(b);
        }
        ManualClock clock = new ManualClock(Slots.start(first));
        try (MdmsServer server = new MdmsServer(config, clock)) {
            await("readings consumed", () -> server.stats().accepted() == 4 * 49, Duration.ofSeconds(30));
            clock.set(server.engine().dueAt(last));
            await("day finalised", () -> server.stats().slotsFinalized() == 48, Duration.ofSeconds(60));
            assertThat(server.store().awaitVisible(4 * 48, Duration.ofSeconds(60))).isTrue();
            long published = server.outbox().publishedCount();

            // unchanged: every per-slot file of the day regenerates to the same entry bytes, and the same ZIP container
            ReissueReport day = server.reissue(DAY, null, null);
            assertThat(day.identical()).isEqualTo(96 + 2); // 48 per-slot files and the per-day file, of both retailers
            assertThat(day.files()).extracting(ReissueReport.FileOutcome::name).contains(FileNames.perDayZip(DAY, 0, 1));
            assertThat(day.republished() + day.newRevisions()).isZero();
            assertThat(day.files()).allSatisfy(f -> assertThat(f.containerIdentical()).isTrue());
            assertThat(day.reissueIdentical()).isTrue();
            assertThat(server.outbox().publishedCount()).isEqualTo(published);

            // a file missing from the outbox is published again, byte for byte
            String slot3 = FileNames.perSlotZip(Slots.index(DAY, 3), 0, 1);
            Path file = server.outbox().dir().resolve("R0002").resolve(slot3);
            byte[] original = Files.readAllBytes(file);
            Files.delete(file);
            ReissueReport missing = server.reissue(DAY, 3, "R0002");
            assertThat(missing.republished()).isEqualTo(1);
            assertThat(missing.files()).singleElement().satisfies(f -> assertThat(f.name()).isEqualTo(slot3));
            assertThat(Files.readAllBytes(file)).isEqualTo(original);

            // a stored value changed (SQL UPDATE): a higher revision with the new value, which the retailer's pull gets
            long slot5 = Slots.index(DAY, 5);
            String point = Fixtures.point(1).value();
            QuestDbStore store = (QuestDbStore) server.store();
            try (Connection c = store.connect(); Statement st = c.createStatement()) {
                st.execute("UPDATE " + QuestDbStore.TABLE + " SET value_units = 4242 WHERE slot_end = '" + Slots.end(slot5)
                        + "' AND supply_point = '" + point + "'");
            }
            await("update visible", () -> stored(store, slot5, point, "value_units") == 4242, Duration.ofSeconds(30));
            ReissueReport changed = server.reissue(DAY, 5, "R0013");
            String rev1 = FileNames.perSlotZip(slot5, 1, 1);
            assertThat(changed.newRevisions()).isEqualTo(1);
            assertThat(changed.files()).singleElement().satisfies(f -> assertThat(f.name()).isEqualTo(rev1));
            assertThat(server.reissue(DAY, 5, "R0002").identical()).isEqualTo(1); // the other retailer's file is unchanged
            await("revision stored", () -> stored(store, slot5, point, "revision") == 1, Duration.ofSeconds(30));

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.deliveryPort();
            String list = http.send(HttpRequest.newBuilder(URI.create(base + "/30min/FileListReceiver"))
                    .header("X-Ami-Operator", "R0013").header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(list).contains("\"" + rev1 + "\"");
            byte[] zip = http.send(HttpRequest.newBuilder(URI.create(base + "/30min/FileReceiver?file=" + rev1))
                    .header("X-Ami-Operator", "R0013").build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            String xml = entry(zip);
            assertThat(xml).contains("<JP06400>" + point + "</JP06400><JP06122>0</JP06122><JP06125>0.4242</JP06125>");
            // a second re-issue of the revised slot is identical to the new revision
            ReissueReport again = server.reissue(DAY, 5, "R0013");
            assertThat(again.identical()).isEqualTo(1);
            assertThat(again.files()).singleElement().satisfies(f -> assertThat(f.name()).isEqualTo(rev1));
            // the engine's next revision of the slot does not reuse the number
            assertThat(server.engine().revision(slot5)).isEqualTo(1);

            // the day's per-day file of R0013 carries the changed value too: a new revision of it; the per-slot files are as issued
            ReissueReport dayAfter = server.reissue(DAY, null, "R0013");
            assertThat(dayAfter.identical()).isEqualTo(48);
            assertThat(dayAfter.newRevisions()).isEqualTo(1);
            assertThat(dayAfter.files()).filteredOn(f -> f.outcome() == ReissueReport.Outcome.NEW_REVISION).singleElement()
                    .satisfies(f -> assertThat(f.name()).isEqualTo(FileNames.perDayZip(DAY, 1, 1)));
            assertThat(entry(Files.readAllBytes(server.outbox().dir().resolve("R0013").resolve(FileNames.perDayZip(DAY, 1, 1)))))
                    .contains("<JP06400>" + point + "</JP06400><JP06122>0</JP06122><JP06125>0.4242</JP06125>");
            assertThat(server.reissue(DAY, null, "R0013").reissueIdentical()).isTrue();

            // the internal API on the delivery port
            URI api = URI.create(base + ReissueRoute.PATH);
            HttpResponse<String> ok = post(http, api, "{\"date\":\"2026-11-22\",\"slot\":2}");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"identical\":2,\"republished\":0,\"newRevisions\":0,\"reissueIdentical\":true");
            // every file handled so far is counted by outcome on /metrics
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long identical = day.identical() + 1 + again.identical() + dayAfter.identical() + 49 + 2;
            assertThat(metrics).contains("ami_mdms_reissue_files_total{outcome=\"identical\"} " + identical + ".0")
                    .contains("ami_mdms_reissue_files_total{outcome=\"republished\"} " + missing.republished() + ".0")
                    .contains("ami_mdms_reissue_files_total{outcome=\"new_revision\"} "
                            + (changed.newRevisions() + dayAfter.newRevisions()) + ".0");
            assertThat(post(http, api, "{\"date\":").body()).startsWith("{\"error\":\"bad JSON: ");
            assertThat(post(http, api, "{\"date\":\"2026-11-22\",\"hour\":3}").statusCode()).isEqualTo(400);
            HttpResponse<String> badDate = post(http, api, "{\"date\":\"2026-13-01\"}");
            assertThat(badDate.statusCode()).isEqualTo(400);
            assertThat(badDate.body()).isEqualTo("{\"error\":\"bad date: 2026-13-01\"}\n");
            assertThat(post(http, api, "{\"date\":\"2026-11-22\",\"retailer\":\"R9999\"}").body()).isEqualTo("{\"error\":\"unknown retailer: R9999\"}\n");
            assertThat(post(http, api, "{\"date\":\"2026-11-22\",\"slot\":49}").body()).isEqualTo("{\"error\":\"slot must be 1–48: 49\"}\n");
            assertThat(http.send(HttpRequest.newBuilder(api).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(405);
            assertThat(server.reissueRefused()).containsEntry("bad_json", 2L).containsEntry("bad_date", 1L)
                    .containsEntry("unknown_retailer", 1L).containsEntry("bad_slot", 1L);

            // the CLI: one line per file, then the counts
            java.io.StringWriter cliOut = new java.io.StringWriter();
            picocli.CommandLine cli = new picocli.CommandLine(new jp.ami.mdms.MdmsCommand());
            cli.setOut(new java.io.PrintWriter(cliOut, true));
            assertThat(cli.execute("reissue", "--date", "2026-11-22", "--slot", "5", "--mdms", base)).isZero();
            assertThat(cliOut.toString().lines()).containsExactly(
                    "IDENTICAL    R0002 " + FileNames.perSlotZip(slot5, 0, 1),
                    "IDENTICAL    R0013 " + rev1,
                    "identical 2, republished 0, new revisions 0");
            // ... and a refusal: the MDMS's reason in one line on the error stream, nothing on the output, exit code 1
            java.io.StringWriter refusedOut = new java.io.StringWriter();
            java.io.StringWriter refusedErr = new java.io.StringWriter();
            picocli.CommandLine refusedCli = new picocli.CommandLine(new jp.ami.mdms.MdmsCommand());
            refusedCli.setOut(new java.io.PrintWriter(refusedOut, true));
            refusedCli.setErr(new java.io.PrintWriter(refusedErr, true));
            assertThat(refusedCli.execute("reissue", "--date", "2026-11-22", "--retailer", "R9999", "--mdms", base)).isEqualTo(1);
            assertThat(refusedOut.toString()).isEmpty();
            assertThat(refusedErr.toString()).matches("mdms reissue: refused \\(4\\d\\d\\): unknown retailer: R9999\\R");

            assertThatThrownBy(() -> server.reissue(DAY, 5, "R9999")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("unknown retailer: R9999");
            assertThatThrownBy(() -> server.reissue(DAY.plusDays(1), 1, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not finalised yet");
        }
        // a restart (snapshot from the last tick, before the re-issue) replays the re-issue's revision numbers from the
        // engine log: the engine never gives out revision 01 of slot 5, nor 01 of the day, again
        try (MdmsServer server = new MdmsServer(config, clock)) {
            await("live again", server::isLive, Duration.ofSeconds(60));
            java.util.concurrent.CompletableFuture<int[]> revisions = new java.util.concurrent.CompletableFuture<>();
            server.onEngine(e -> revisions.complete(new int[] {e.revision(Slots.index(DAY, 5)),
                    e.reserveDayRevision(DAY.toEpochDay(), 0)}));
            assertThat(revisions.get(30, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(1, 2);
        }
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long stored(QuestDbStore store, long slot, String point, String column) {
        try (Connection c = store.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + column + " FROM " + QuestDbStore.TABLE + " WHERE slot_end = '"
                     + Slots.end(slot) + "' AND supply_point = '" + point + "'")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String entry(byte[] zip) throws java.io.IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            in.getNextEntry();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
