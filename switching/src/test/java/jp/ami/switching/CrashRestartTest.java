package jp.ami.switching;

import static jp.ami.switching.Fixture.A;
import static jp.ami.switching.Fixture.B;
import static jp.ami.switching.Fixture.D;
import static jp.ami.switching.Fixture.START;
import static jp.ami.switching.Fixture.X;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.ami.model.Slots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} between the steps of the scenario: a real child JVM (test classpath + the Chronicle flags) is
 * killed with {@link Process#destroyForcibly()} after each acknowledged step; each restart must rebuild exactly
 * the state the killed process had (canonical dump), and the scenario continues on the rebuilt state.
 */
class CrashRestartTest {
    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path dir;
    private Child child;

    @AfterEach
    void kill() throws Exception {
        if (child != null) {
            child.kill();
        }
    }

    /** One child JVM and its stdin/stdout protocol. */
    final class Child {
        final Process process;
        final BufferedReader out;
        final Writer in;
        final int port;
        final long replayed;

        Child() throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            String flags = System.getProperty("ami.chronicle.flags");
            assertThat(flags).as("system property ami.chronicle.flags (set by switching/pom.xml)").isNotBlank();
            cmd.addAll(Arrays.asList(flags.trim().split("\\s+")));
            cmd.add("-Djna.tmpdir=" + System.getProperty("ami.jna.tmpdir", dir.resolve("jna").toString()));
            cmd.add("-Xmx256m");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(SwitchingChild.class.getName());
            cmd.add(dir.resolve("journal").toString());
            cmd.add(START.toString());
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.err").toFile())).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            String ready = out.readLine();
            while (ready != null && !ready.startsWith("READY ")) {
                ready = out.readLine();
            }
            assertThat(ready).as("child said READY; stderr: %s", stderr()).isNotNull().startsWith("READY ");
            String[] f = ready.split(" ");
            port = Integer.parseInt(f[1]);
            replayed = Long.parseLong(f[2]);
        }

        String command(String c, String until) throws IOException {
            in.write(c + "\n");
            in.flush();
            StringBuilder sb = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(until)) {
                    return until.equals("END") ? sb.toString() : line;
                }
                sb.append(line).append('\n');
            }
            throw new IllegalStateException("child ended; stderr: " + stderr());
        }

        String dump() throws IOException {
            return command("dump", "END");
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private String stderr() {
        try {
            Path f = dir.resolve("child.err");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Kills the child with SIGKILL, starts a new one on the same journal, checks it rebuilt {@code expected}. */
    private Fixture.Http crashAndRestart(String expected) throws Exception {
        child.kill();
        child = new Child();
        assertThat(child.dump()).isEqualTo(expected);
        return new Fixture.Http(child.port);
    }

    @Test
    void kill_minus_9_between_steps_loses_nothing() throws Exception {
        child = new Child();
        assertThat(child.replayed).isZero();
        Fixture.Http http = new Fixture.Http(child.port);

        HttpResponse<String> r = http.post("/switching/IS_20110", B, "b-req", Fixture.brokeringBody(X, D));
        assertThat(r.statusCode()).isEqualTo(201);
        String reqId = M.readTree(r.body()).path("id").asText();
        String dump = child.dump();
        assertThat(dump).contains(reqId);

        http = crashAndRestart(dump);
        assertThat(child.replayed).isEqualTo(1);
        // the idempotency key survived: the same request gives the same application
        r = http.post("/switching/IS_20110", B, "b-req", Fixture.brokeringBody(X, D));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(M.readTree(r.body()).path("id").asText()).isEqualTo(reqId);
        r = http.post("/switching/IS_20410", A, null, "{\"id\":\"" + reqId + "\",\"answer\":\"OK\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        String stopId = M.readTree(r.body()).path("details").path("stopId").asText();
        dump = child.dump();

        http = crashAndRestart(dump);
        r = http.post("/switching/IF_10610", B, "b-start", Fixture.startBody(X, D));
        assertThat(r.statusCode()).isEqualTo(201);
        String startId = M.readTree(r.body()).path("id").asText();
        assertThat(startId).isEqualTo("A000000003");
        dump = child.dump();

        http = crashAndRestart(dump);
        assertThat(child.command("clock 2026-11-22T01:20:00Z", "OK")).isEqualTo("OK");
        assertThat(child.command("tick", "TICK")).isEqualTo("TICK true");
        dump = child.dump();
        long slot = Slots.index(D, 1);
        assertThat(dump).contains("switch " + X + " " + slot + " B0002");

        http = crashAndRestart(dump);
        JsonNode start = M.readTree(http.get("/switching/IF_10620?id=" + startId, B).body());
        JsonNode stop = M.readTree(http.get("/switching/IF_10720?id=" + stopId, A).body());
        assertThat(start.path("status").asInt()).isEqualTo(2);
        assertThat(stop.path("status").asInt()).isEqualTo(2);
        // the sequence continues: no ID is ever reused
        r = http.post("/switching/IF_10110", B, "facility", "{\"supplyPointId\":\"" + X + "\"}");
        assertThat(M.readTree(r.body()).path("id").asText()).isEqualTo("A000000004");
    }
}
