package jp.ami.mdms;

import static jp.ami.mdms.Fixtures.SLOT2;
import static jp.ami.mdms.Fixtures.await;
import static jp.ami.mdms.Fixtures.masterRow;
import static jp.ami.mdms.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalAppender;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.store.StoredValue;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole MDMS process: journal → engine → QuestDB + outbox → delivery, and a restart. */
class MdmsServerTest {
    @TempDir
    Path dir;

    @Test
    void journal_readings_become_rows_and_files_at_the_cutoff_and_a_restart_replays_the_journal_without_republishing() throws Exception {
        MdmsConfig config = Fixtures.serverConfig(dir, masterRow(1, 11, "R0013", 30), masterRow(0, 10, "R0013", 30),
                masterRow(2, 12, "R0002", 30));
        ManualClock clock = new ManualClock(Slots.end(SLOT2));

        Fixtures.journalSlot2(config, 10, 12);

        List<String> published = new CopyOnWriteArrayList<>();
        try (MdmsServer server = new MdmsServer(config, clock)) {
            server.engine().addFilePublishedListener((r, name, slot, size, at) -> published.add(r + "/" + name + "@" + at));
            await("readings consumed", () -> server.stats().accepted() == 6, Duration.ofSeconds(20));
            assertThat(server.stats().unknownMeters()).isEqualTo(1);
            assertThat(server.stats().slotsFinalized()).isZero();

            Instant cutoff = Slots.end(SLOT2).plus(Duration.ofMinutes(20));
            clock.set(cutoff);
            await("slot finalised", () -> server.stats().slotsFinalized() == 1, Duration.ofSeconds(20));
            assertThat(published).containsExactlyInAnyOrder(
                    "R0013/W41110202611220100000001.zip@" + cutoff, "R0002/W41110202611220100000001.zip@" + cutoff);
            assertThat(server.store().awaitVisible(SLOT2, 3, Duration.ofSeconds(30))).isTrue();
            assertThat(server.store().read(SLOT2)).extracting(StoredValue::valueUnits).containsExactly(1000L, 1100L, 1200L);
            assertThat(server.stats().slotTimings()).singleElement()
                    .satisfies(t -> assertThat(t.filePublishedAt()).isEqualTo(cutoff));

            HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.deliveryPort() + "/30min/FileListReceiver"))
                    .header("X-Ami-Operator", "R0013").header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(list.body()).startsWith("{\"operator\":\"R0013\",\"files\":[{\"name\":\"W41110202611220100000001.zip\",\"size\":");
        }

        // restart: the named tailer resumes after the consumed document; the outbox index is rebuilt
        try (Journal journal = Journal.open(config.journalDir()); JournalAppender appender = journal.appender()) {
            ReadingBatch b = new ReadingBatch();
            reading(b, 10, Slots.endEpochSecond(SLOT2 + 1), 600, 0x02, 1, 6);
            appender.append(b);
        }
        try (MdmsServer server = new MdmsServer(config, clock)) {
            // the journal is replayed from its start (crash safety): both documents, the tick logged before
            await("new document consumed", () -> server.stats().batches() == 2 && server.isLive(), Duration.ofSeconds(20));
            assertThat(server.stats().readings()).isEqualTo(8);
            assertThat(server.stats().slotsFinalized()).isEqualTo(1);
            assertThat(server.outbox().list("R0013")).hasSize(1);
            assertThat(server.store().count()).isEqualTo(3);
        }
    }
}
