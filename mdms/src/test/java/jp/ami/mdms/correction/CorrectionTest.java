package jp.ami.mdms.correction;

import static jp.ami.mdms.Fixtures.SLOT2;
import static jp.ami.mdms.Fixtures.await;
import static jp.ami.mdms.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalAppender;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.Fixtures;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.MdmsServer;
import jp.ami.mdms.store.StoredValue;
import jp.ami.mdms.xml.FileNames;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator corrections through the running MDMS's {@code POST /internal/corrections} (real QuestDB, real HTTP): a new
 * revision of the slot for the point's retailer only, the per-day file re-issued, the row upserted, every kind of bad
 * request refused with its reason and counted, and the audit trail surviving a restart whose replay rebuilds the same
 * bytes.
 */
class CorrectionTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    static final long LAST = Slots.index(DAY, 48);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private MdmsConfig config() throws Exception {
        return Fixtures.threePointServerConfig(dir);
    }

    /** Every boundary of the day, every meter: register 500 + (steps of 0.01 kWh) so each slot is m − 9 steps. */
    private static void writeDay(MdmsConfig config) {
        try (Journal journal = Journal.open(config.journalDir()); JournalAppender appender = journal.appender()) {
            for (long k = SLOT2 - 2; k <= LAST; k++) { // one document per boundary, in time order
                ReadingBatch b = new ReadingBatch();
                for (int m = 10; m <= 12; m++) {
                    reading(b, m, Slots.endEpochSecond(k), 500 + (k - SLOT2) * (m - 9), 0x02, 1, 6);
                }
                appender.append(b);
            }
        }
    }

    private static HttpResponse<String> post(MdmsServer s, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.deliveryPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String request(String point, long slot, String kwh) {
        return "{\"supplyPoint\":\"" + point + "\",\"date\":\"" + Slots.jstDate(slot) + "\",\"slot\":" + Slots.number(slot)
                + ",\"kwh\":\"" + kwh + "\",\"reason\":\"meter display read on site\",\"operator\":\"ops-tanaka\"}";
    }

    private static String xml(Path zip) throws Exception {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            z.getNextEntry();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            z.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** JP06122 and JP06125 of {@code point}'s first record in {@code xml}. */
    private static String record(String xml, String point) {
        Matcher m = Pattern.compile("<JP06400>" + point + "</JP06400><JP06122>(\\w+)</JP06122>(?:<JP06125>([0-9.]+)</JP06125>)?")
                .matcher(xml);
        assertThat(m.find()).as("record of %s", point).isTrue();
        return m.group(1) + " " + m.group(2);
    }

    @Test
    void a_correction_is_a_new_revision_for_the_points_retailer_reissues_the_day_and_is_audited_and_replayed() throws Exception {
        MdmsConfig config = config();
        writeDay(config);
        ManualClock clock = new ManualClock(Slots.end(LAST).plus(Duration.ofHours(1)));
        Path r13 = config.outboxDir().resolve("R0013");
        Path r02 = config.outboxDir().resolve("R0002");
        String p1 = Fixtures.point(1).value();
        String slotRev1 = FileNames.perSlotZip(SLOT2, 1, 1);
        String dayRev1 = FileNames.perDayZip(DAY, 1, 1);
        byte[] slotRev1Bytes;
        try (MdmsServer server = new MdmsServer(config, clock)) {
            server.expectSlots(SLOT2, LAST);
            await("the day finalised", () -> server.lastFinalizedSlot() >= LAST, Duration.ofSeconds(60)); // LAST + 1 too (opened by the readings at its start)
            assertThat(r13.resolve(FileNames.perDayZip(DAY, 0, 1))).exists();
            assertThat(record(xml(r13.resolve(FileNames.perSlotZip(SLOT2, 0, 1))), p1)).isEqualTo("0 0.0200");

            HttpResponse<String> res = post(server, CorrectionApi.PATH, request(p1, SLOT2, "0.2500"));
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            JsonNode n = JSON.readTree(res.body());
            assertThat(n.get("id").asLong()).isEqualTo(1);
            assertThat(n.get("revision").asInt()).isEqualTo(1);
            assertThat(n.get("beforeKwh").asText()).isEqualTo("0.0200");
            assertThat(n.get("kwh").asText()).isEqualTo("0.2500");
            assertThat(n.get("status").asText()).isEqualTo("estimated");

            // the slot's revision 01 for R0013 only (point 1 corrected, point 0 as before); R0002's point untouched
            String rev = xml(r13.resolve(slotRev1));
            assertThat(record(rev, p1)).isEqualTo("1 0.2500");
            assertThat(record(rev, Fixtures.point(0).value())).isEqualTo("0 0.0100");
            assertThat(r02.resolve(slotRev1)).doesNotExist();
            assertThat(r02.resolve(dayRev1)).doesNotExist();
            assertThat(r13.resolve(FileNames.perSlotZip(SLOT2, 0, 1))).exists(); // the delivered file is never changed
            // the per-day file re-issued with the corrected value in slot 2
            String day = xml(r13.resolve(dayRev1));
            assertThat(day).contains("<JP06400>" + p1 + "</JP06400><JP06122>1</JP06122><JP06125>0.2500</JP06125>");
            // the row, upserted with the revision
            await("row visible", () -> server.store().read(SLOT2).stream()
                    .anyMatch(v -> v.supplyPointId().equals(p1) && v.revision() == 1), Duration.ofSeconds(30));
            StoredValue row = server.store().read(SLOT2).stream().filter(v -> v.supplyPointId().equals(p1)).findFirst().orElseThrow();
            assertThat(row.valueUnits()).isEqualTo(2500L);
            assertThat(row.status()).isEqualTo("1");
            assertThat(server.stats().corrections()).isEqualTo(1);
            // the value history keeps both revisions; the correction's names its id, operator and reason
            await("history visible", () -> server.store().readHistory(p1, Slots.start(SLOT2), Slots.end(SLOT2)).size() == 2,
                    Duration.ofSeconds(30));
            assertThat(server.store().readHistory(p1, Slots.start(SLOT2), Slots.end(SLOT2))).satisfiesExactly(
                    h -> {
                        assertThat(h.revision()).isZero();
                        assertThat(h.valueUnits()).isEqualTo(200L);
                        assertThat(h.rule()).isEqualTo("MEASURED");
                        assertThat(h.correctionId()).isNull();
                    },
                    h -> {
                        assertThat(h.revision()).isEqualTo(1);
                        assertThat(h.valueUnits()).isEqualTo(2500L);
                        assertThat(h.rule()).isEqualTo("OPERATOR");
                        assertThat(h.flags() & jp.ami.mdms.values.Vee.CORRECTED).isNotZero();
                        assertThat(h.correctionId()).isEqualTo(1L);
                        assertThat(h.operator()).isEqualTo("ops-tanaka");
                        assertThat(h.reason()).isEqualTo("meter display read on site");
                    });
            assertThat(server.corrections()).singleElement().satisfies(c -> {
                assertThat(c.operator()).isEqualTo("ops-tanaka");
                assertThat(c.reason()).isEqualTo("meter display read on site");
                assertThat(c.before()).isEqualTo(200L);
            });

            // refused, each with its reason, counted; nothing else changes
            assertThat(post(server, CorrectionApi.PATH, "{not json").statusCode()).isEqualTo(400);
            assertThat(post(server, CorrectionApi.PATH, "{\"supplyPoint\":\"" + p1 + "\",\"color\":\"red\"}").body())
                    .contains("not a correction request");
            assertThat(post(server, CorrectionApi.PATH, request(p1, SLOT2, "abc")).body()).contains("kwh");
            assertThat(post(server, CorrectionApi.PATH, request(p1, SLOT2, "0.1").replace("meter display read on site", " ")).body())
                    .contains("reason is required");
            HttpResponse<String> unknown = post(server, CorrectionApi.PATH, request(Fixtures.point(7).value(), SLOT2, "0.1"));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("unknown supply point");
            HttpResponse<String> open = post(server, CorrectionApi.PATH, request(p1, LAST + 10, "0.1"));
            assertThat(open.statusCode()).isEqualTo(409);
            assertThat(open.body()).contains("not finalised yet");
            HttpResponse<String> over = post(server, CorrectionApi.PATH, request(p1, SLOT2, "9.0000"));
            assertThat(over.statusCode()).isEqualTo(409);
            assertThat(over.body()).contains("30 A contract");
            assertThat(server.correctionApi().refused()).isEqualTo(7);
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.deliveryPort()
                    + CorrectionApi.PATH)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
            assertThat(server.stats().corrections()).isEqualTo(1);
            slotRev1Bytes = Files.readAllBytes(r13.resolve(slotRev1));
        }

        // a crash between the log line and the end of the side effects: no snapshot, no K mark, the files gone
        Path data = config.dataDir();
        Files.delete(data.resolve("engine.snapshot"));
        List<String> lines = Files.readAllLines(data.resolve("engine-events.log"));
        assertThat(lines).contains("K 1");
        Files.write(data.resolve("engine-events.log"), lines.stream().filter(l -> !l.equals("K 1")).map(l -> l + "\n")
                .reduce("", String::concat).getBytes(StandardCharsets.US_ASCII));
        Files.delete(r13.resolve(slotRev1));
        try (MdmsServer server = new MdmsServer(config, clock)) {
            await("replayed", server::isLive, Duration.ofSeconds(60));
            assertThat(r13.resolve(slotRev1)).exists();
            assertThat(Files.readAllBytes(r13.resolve(slotRev1))).isEqualTo(slotRev1Bytes);
            assertThat(server.corrections()).hasSize(1);
            // the next correction continues the numbering: id 2, revision 02
            HttpResponse<String> res = post(server, CorrectionApi.PATH, request(p1, SLOT2, "0.3000"));
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(JSON.readTree(res.body()).get("id").asLong()).isEqualTo(2);
            assertThat(JSON.readTree(res.body()).get("revision").asInt()).isEqualTo(2);
            assertThat(JSON.readTree(res.body()).get("beforeKwh").asText()).isEqualTo("0.2500");
            assertThat(record(xml(r13.resolve(FileNames.perSlotZip(SLOT2, 2, 1))), p1)).isEqualTo("1 0.3000");
            assertThat(r13.resolve(FileNames.perDayZip(DAY, 2, 1))).exists();
        }
    }
}
