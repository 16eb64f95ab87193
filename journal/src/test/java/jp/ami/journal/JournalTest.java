package jp.ami.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private static void fill(ReadingBatch b, long firstMeter, int n) {
        b.clear();
        for (int i = 0; i < n; i++) {
            b.add(firstMeter + i, 1_795_000_000L + i, 4_294_967_295L - i, 1_795_000_123_456L, 40, 0xFFFF_FFF0L + i,
                    0x02, 8, 1 + (i % 3), i % 2, i == 0 ? ReadingBatch.FLAG_RECOLLECTED : 0);
        }
    }

    @Test
    void batch_round_trips_every_field_through_one_document() {
        try (Journal j = Journal.open(dir); JournalAppender a = j.appender(); JournalTailer t = j.tailerFromStart()) {
            ReadingBatch out = new ReadingBatch(2);
            fill(out, 100, 5);
            long idx = a.append(out);
            assertThat(idx).isEqualTo(j.lastIndex());
            ReadingBatch in = new ReadingBatch(1);
            assertThat(t.poll(in)).isTrue();
            assertThat(in.size()).isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                assertThat(in.meterId(i)).isEqualTo(out.meterId(i));
                assertThat(in.readingEpochSecond(i)).isEqualTo(out.readingEpochSecond(i));
                assertThat(in.register(i)).isEqualTo(out.register(i));
                assertThat(in.receivedEpochMillis(i)).isEqualTo(out.receivedEpochMillis(i));
                assertThat(in.coefficient(i)).isEqualTo(40);
                assertThat(in.frameCounter(i)).isEqualTo(out.frameCounter(i));
                assertThat(in.unitCode(i)).isEqualTo(2);
                assertThat(in.digits(i)).isEqualTo(8);
                assertThat(in.path(i)).isEqualTo(out.path(i));
                assertThat(in.direction(i)).isEqualTo(i % 2);
                assertThat(in.flags(i)).isEqualTo(out.flags(i));
            }
            assertThat(t.poll(in)).isFalse();
        }
    }

    @Test
    void the_batch_source_round_trips_and_a_document_without_one_still_reads() {
        try (Journal j = Journal.open(dir); JournalAppender a = j.appender(); JournalTailer t = j.tailerFromStart()) {
            ReadingBatch out = new ReadingBatch(2);
            fill(out, 100, 3); // no source: the layout written before the source header existed
            long old = a.append(out);
            fill(out, 200, 2);
            out.source(3, 0xFFFF_FFFEL);
            long withSource = a.append(out);
            ReadingBatch in = new ReadingBatch(1);
            assertThat(t.poll(in)).isTrue();
            assertThat(in.size()).isEqualTo(3);
            assertThat(in.meterId(2)).isEqualTo(102);
            assertThat(in.sourcePath()).isZero();
            assertThat(in.sourceId()).isZero();
            assertThat(in.documentIndex()).isEqualTo(old);
            assertThat(t.poll(in)).isTrue();
            assertThat(in.size()).isEqualTo(2);
            assertThat(in.meterId(1)).isEqualTo(201);
            assertThat(in.frameCounter(1)).isEqualTo(0xFFFF_FFF1L);
            assertThat(in.sourcePath()).isEqualTo(3);
            assertThat(in.sourceId()).isEqualTo(0xFFFF_FFFEL);
            assertThat(in.documentIndex()).isEqualTo(withSource).isNotEqualTo(old);
        }
    }

    @Test
    void named_tailer_resumes_after_reopen_where_it_stopped() {
        ReadingBatch b = new ReadingBatch();
        try (Journal j = Journal.open(dir); JournalAppender a = j.appender()) {
            for (int k = 0; k < 3; k++) {
                fill(b, k * 1000L + 1, 3);
                a.append(b);
            }
            try (JournalTailer t = j.tailer("mdms")) {
                assertThat(t.poll(b)).isTrue();
                assertThat(b.meterId(0)).isEqualTo(1);
            }
        }
        try (Journal j = Journal.open(dir); JournalTailer t = j.tailer("mdms")) {
            assertThat(t.poll(b)).isTrue();
            assertThat(b.meterId(0)).isEqualTo(1001);
            assertThat(t.poll(b)).isTrue();
            assertThat(b.meterId(0)).isEqualTo(2001);
            assertThat(t.poll(b)).isFalse();
        }
    }

    @Test
    void empty_batch_is_not_written() {
        try (Journal j = Journal.open(dir); JournalAppender a = j.appender()) {
            assertThat(a.append(new ReadingBatch())).isEqualTo(-1);
            assertThat(j.lastIndex()).isEqualTo(-1);
        }
    }

    @Test
    void batch_sync_appends_read_back_the_same_and_bytes_round_trip() {
        ReadingBatch out = new ReadingBatch(2);
        fill(out, 300, 4);
        out.source(1, 77);
        try (Journal j = Journal.open(dir, JournalSync.BATCH); JournalAppender a = j.appender();
             JournalTailer t = j.tailerFromStart()) {
            assertThat(j.sync()).isEqualTo(JournalSync.BATCH);
            a.append(out);
            ReadingBatch in = new ReadingBatch(1);
            assertThat(t.poll(in)).isTrue();
            assertThat(in.toBytes()).isEqualTo(out.toBytes());
            ReadingBatch copy = new ReadingBatch(1);
            assertThat(copy.readFrom(out.toBytes())).isTrue();
            assertThat(copy.toBytes()).isEqualTo(out.toBytes());
            assertThat(copy.sourceId()).isEqualTo(77);
        }
    }

    @Test
    void batch_sync_msyncs_every_append_before_it_returns_and_none_syncs_nothing() {
        ReadingBatch out = new ReadingBatch(2);
        fill(out, 300, 4);
        try (Journal j = Journal.open(dir.resolve("batch"), JournalSync.BATCH); JournalAppender a = j.appender()) {
            for (int k = 0; k < 3; k++) {
                long index = a.append(out);
                // Chronicle records the last index its sync() msynced: each append's own, before the ack
                assertThat(j.lastIndexSynced()).isEqualTo(index);
            }
        }
        try (Journal j = Journal.open(dir.resolve("none"), JournalSync.NONE); JournalAppender a = j.appender()) {
            a.append(out);
            assertThat(j.lastIndexSynced()).isEqualTo(-1);
        }
    }

    @Test
    void sync_policy_parses_and_names_the_allowed_values_otherwise() {
        assertThat(JournalSync.parse("Batch")).isEqualTo(JournalSync.BATCH);
        assertThat(JournalSync.parse("none")).isEqualTo(JournalSync.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JournalSync.parse("fsync"))
                .hasMessage("journalSync: \"fsync\" must be none or batch");
    }

    @Test
    void a_location_without_scheme_is_a_chronicle_directory_and_an_unknown_scheme_is_one_clear_line() {
        try (ReadingLog log = ReadingLogs.open(dir.toString(), JournalSync.NONE)) {
            assertThat(log).isInstanceOf(Journal.class);
            assertThat(log.location()).isEqualTo(dir.toString());
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReadingLogs.open("nats://h:1/x", JournalSync.NONE))
                .hasMessageContaining("no journal module on the classpath opens");
    }
}
