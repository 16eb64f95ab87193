package jp.ami.mdms.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jp.ami.mdms.Fixtures;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import jp.ami.switching.RegistryCsv;
import jp.ami.switching.SwitchingConfig;
import jp.ami.switching.SwitchingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A switching service and a real MDMS child process ({@code MdmsCommand --switching}) with no shared object: two
 * points switch from R0001 to R0003 on 2026-11-23 (one by IF_10610 + IF_10710, one by 廃止取次 IS_20110 → IS_20410 OK
 * → IF_10610), matched by the switching service's batch. The MDMS finalises the slots of the 22nd, holds the 23rd's
 * first slot while the switches are undecided, and after the batch addresses the two points' values to R0003 from
 * the 23rd (revisions of the 22nd still to R0001). It is killed (SIGKILL) while holding, restarted while the
 * switching service is down (it still holds, from its ledger), catches up when the switching service comes back,
 * and ends with exactly the rows and file bytes of an uninterrupted MDMS following the same switching service.
 */
class SwitchFollowTest {
    static final int POINTS = 40;
    static final String CLOCK = CrashRecoveryTest.CLOCK;
    static final LocalDate SWITCH_DATE = LocalDate.of(2026, 11, 23);
    static final long SWITCH_SLOT = Slots.index(SWITCH_DATE, 1);
    static final long LAST_TICK = Scenario.LAST + 1;
    static final int ROWS = (int) (POINTS * (LAST_TICK - Scenario.FIRST + 1));
    static final String P0 = Fixtures.point(0).value();
    static final String P2 = Fixtures.point(2).value();
    static final String P4 = Fixtures.point(4).value(); // stays with R0001

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private int port;
    private ManualClock clock;

    private SwitchingServer switching() {
        SwitchingConfig config = SwitchingConfig.defaults(dir).withJournalDir(dir.resolve("switching-journal"))
                .withPort(port).withPollInterval(Duration.ZERO);
        return new SwitchingServer(config, RegistryCsv.load(dir.resolve("master-data.csv")), clock);
    }

    private String post(String route, String operator, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/switching/" + route))
                .header("X-Ami-Operator", operator).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(route + " " + r.body()).isBetween(200, 201);
        return r.body();
    }

    private static String id(String json) {
        Matcher m = Pattern.compile("\"id\":\"(A\\d+)\"").matcher(json);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private Path prepare(String name) throws IOException {
        Path var = dir.resolve(name);
        Files.createDirectories(var);
        Files.copy(dir.resolve("master-data.csv"), var.resolve("master-data.csv"));
        Scenario.writeJournal(var.resolve("journal"), POINTS);
        return var;
    }

    private List<String> extra() {
        return List.of("--records-per-file", "50", "--switching", "http://127.0.0.1:" + port);
    }

    @Test
    void a_standalone_mdms_follows_the_switches_of_a_standalone_switching_service_across_kills_and_restarts() throws Exception {
        Scenario.writeMasterData(dir.resolve("master-data.csv"), POINTS);
        port = Fixtures.freePort();
        clock = new ManualClock(Instant.parse("2026-11-22T02:00:00Z")); // 11:00 JST, before the 23rd's deadline (12:00 JST)
        SwitchingServer sw = switching();
        String date = "\"switchDate\":\"" + SWITCH_DATE + "\",\"customerRequestedDate\":true";
        post("IF_10610", "R0003", "start-0", "{\"supplyPointId\":\"" + P0 + "\"," + date + "}");
        post("IF_10710", "R0001", "stop-0", "{\"supplyPointId\":\"" + P0 + "\"," + date + "}");
        String req = id(post("IS_20110", "R0003", "brokering-2", "{\"supplyPointId\":\"" + P2 + "\",\"switchDate\":\"" + SWITCH_DATE
                + "\",\"contractNumber\":\"K-1\",\"contractName\":\"山田太郎\",\"address\":\"東京都千代田区1-1\"}"));
        post("IS_20410", "R0001", null, "{\"id\":\"" + req + "\",\"answer\":\"OK\"}");
        post("IF_10610", "R0003", "start-2", "{\"supplyPointId\":\"" + P2 + "\"," + date + "}");

        // the MDMS finalises the 22nd and holds the 23rd: the switches for it are not decided yet
        Path crash = prepare("crash");
        Path log = crash.resolve("mdms").resolve("engine-events.log");
        Path ledger = crash.resolve("mdms").resolve("switches.log");
        try (MdmsProcess p = new MdmsProcess(crash, CLOCK, extra())) {
            Fixtures.await("holding at the switch date", () -> output(crash).contains("HOLDING slot " + SWITCH_SLOT), Duration.ofSeconds(90));
            assertThat(lines(log)).contains("D " + (SWITCH_SLOT - 1)).doesNotContain("T " + SWITCH_SLOT);
            assertThat(lines(ledger)).contains("H 0 " + SWITCH_SLOT);
            p.kill(); // SIGKILL while holding
        }

        // the batch at the deadline matches both pairs; then the switching service goes down
        clock.set(sw.service().deadline(SWITCH_DATE));
        assertThat(sw.tick()).isTrue();
        sw.close();

        Result crashed;
        try (MdmsProcess p = new MdmsProcess(crash, CLOCK, extra())) {
            // restarted while the switching service is down: its ledger's horizon still holds the 23rd
            Fixtures.await("unreachable and holding again", () -> output(crash).contains("unreachable")
                    && count(output(crash), "HOLDING slot " + SWITCH_SLOT) >= 2, Duration.ofSeconds(90));
            assertThat(lines(log)).doesNotContain("T " + SWITCH_SLOT);
            sw = switching(); // back (journal replayed): the MDMS catches up
            long t0 = System.nanoTime();
            Fixtures.await("switches applied", () -> lines(ledger).size() >= 4, Duration.ofSeconds(60));
            long caughtUp = (System.nanoTime() - t0) / 1_000_000;
            Fixtures.await("last tick done", () -> lines(log).contains("D " + LAST_TICK), Duration.ofSeconds(90));
            System.out.printf("switch follow: caught up %d ms after the switching service came back; ledger %s%n", caughtUp, lines(ledger));
            assertThat(lines(ledger)).contains("S 1 " + P0 + " " + SWITCH_SLOT + " R0003 " + SWITCH_SLOT,
                    "S 2 " + P2 + " " + SWITCH_SLOT + " R0003 " + SWITCH_SLOT);
            crashed = result(p, crash);
        }
        assertThat(output(crash)).contains("restored engine snapshot").doesNotContain("LATE SWITCH");

        // an uninterrupted MDMS following the same switching service
        Path clean = prepare("clean");
        Result expected;
        try (MdmsProcess q = new MdmsProcess(clean, CLOCK, extra())) {
            Fixtures.await("clean: last tick done", () -> lines(clean.resolve("mdms").resolve("engine-events.log")).contains("D " + LAST_TICK),
                    Duration.ofSeconds(90));
            expected = result(q, clean);
        } finally {
            sw.close();
        }
        checkAddressing(expected);
        assertThat(crashed.rows).containsExactlyElementsOf(expected.rows);
        assertThat(crashed.files.keySet()).containsExactlyElementsOf(expected.files.keySet());
        for (Map.Entry<String, byte[]> e : expected.files.entrySet()) {
            assertThat(crashed.files.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        System.out.printf("switch follow: %d rows, %d files, identical after kill -9 and a switching restart%n",
                expected.rows.size(), expected.files.size());
    }

    /** P0 and P2 in R0001's values up to the end of the 22nd (revisions included) and R0003's from the 23rd; P4 stays. */
    private static void checkAddressing(Result r) {
        Instant switchAt = SWITCH_DATE.atStartOfDay(Slots.JST).toInstant();
        int before = 0;
        int after = 0;
        for (String row : r.rows) { // slot_end|supply_point|retailer|…
            String[] f = row.split("\\|");
            Instant end = java.sql.Timestamp.valueOf(f[0]).toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
            boolean switched = f[1].equals(P0) || f[1].equals(P2);
            if (switched && !end.isAfter(switchAt)) {
                assertThat(f[2]).as(row).isEqualTo("R0001");
                before++;
            } else if (switched) {
                assertThat(f[2]).as(row).isEqualTo("R0003");
                after++;
            } else if (f[1].equals(P4)) {
                assertThat(f[2]).as(row).isEqualTo("R0001");
            }
        }
        assertThat(before).isEqualTo(2 * 5); // slots 44–48 of the 22nd
        assertThat(after).isEqualTo(2 * (int) (LAST_TICK - SWITCH_SLOT + 1));
        Pattern slotFile = Pattern.compile("(R\\d{4})/W41110(\\d{12})\\d{6}\\.zip");
        int r3 = 0;
        for (Map.Entry<String, byte[]> e : r.files.entrySet()) {
            Matcher m = slotFile.matcher(e.getKey().replace('\\', '/'));
            if (!m.matches()) {
                continue;
            }
            String text = unzip(e.getValue());
            // the file name's time is the slot END in JST: at or before 2026-11-23 00:00 = before the switch
            boolean beforeSwitch = m.group(2).compareTo("202611230000") <= 0;
            String retailer = m.group(1);
            if (text.contains(P0) || text.contains(P2)) {
                assertThat(retailer).as(e.getKey()).isEqualTo(beforeSwitch ? "R0001" : "R0003");
                r3 += retailer.equals("R0003") ? 1 : 0;
            }
            if (retailer.equals("R0003")) {
                assertThat(beforeSwitch).as(e.getKey()).isFalse();
                assertThat(text).doesNotContain(P4);
            }
        }
        assertThat(r3).as("R0003 slot files").isGreaterThanOrEqualTo((int) (LAST_TICK - SWITCH_SLOT + 1));
    }

    private static String unzip(byte[] zip) {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ZipEntry z = in.getNextEntry(); z != null; z = in.getNextEntry()) {
                in.transferTo(out);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Result(List<String> rows, Map<String, byte[]> files) {
    }

    private static Result result(MdmsProcess p, Path var) throws IOException {
        @SuppressWarnings("unchecked")
        List<String>[] rows = new List[1];
        Fixtures.await("rows visible", () -> {
            rows[0] = p.rows();
            return rows[0] != null && rows[0].size() == ROWS;
        }, Duration.ofSeconds(60));
        Map<String, byte[]> out = new TreeMap<>();
        Path outbox = var.resolve("outbox");
        try (Stream<Path> s = Files.walk(outbox)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(outbox.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return new Result(rows[0], out);
    }

    private static List<String> lines(Path f) {
        try {
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String output(Path var) {
        StringBuilder sb = new StringBuilder();
        for (String n : new String[]{"child.out", "child.err"}) {
            try (InputStream in = Files.newInputStream(var.resolve(n))) {
                sb.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // not written yet
            }
        }
        return sb.toString();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
