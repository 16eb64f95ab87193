package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.ami.journal.JournalTailer;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.CommPath;
import jp.ami.model.ManualClock;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One scenario × {TCP, CoAP}: real Netty, real Californium, real Chronicle journal in a temp directory.
 */
class IngestOverTransportsTest extends HesAndClient {
    static final Instant NOW = Instant.parse("2026-11-22T01:05:00Z");

    void givenServerAndClientUsing(Transport transport) throws Exception {
        start(config(), new ManualClock(NOW), transport);
    }

    static CommPath pathOf(Transport transport) {
        return transport == Transport.TCP ? CommPath.PLC : CommPath.WISUN;
    }

    byte[] batchOf(Transport transport, long seq, long... meterCounterPairs) {
        List<byte[]> envs = new ArrayList<>();
        for (int i = 0; i < meterCounterPairs.length; i += 2) {
            envs.add(frames.envelope(meterCounterPairs[i], meterCounterPairs[i + 1]));
        }
        return Frames.batch(pathOf(transport), seq, envs);
    }

    /** Every record in the journal, flattened: "meter/counter/register/epoch/received/path". */
    List<String> journalRecords() {
        List<String> out = new ArrayList<>();
        ReadingBatch b = new ReadingBatch();
        try (JournalTailer t = server.journal().tailerFromStart()) {
            while (t.poll(b)) {
                for (int i = 0; i < b.size(); i++) {
                    out.add(b.meterId(i) + "/" + b.frameCounter(i) + "/" + b.register(i) + "/" + b.readingEpochSecond(i)
                            + "/" + b.receivedEpochMillis(i) + "/" + b.path(i) + "/" + b.coefficient(i) + "/"
                            + b.digits(i) + "/" + b.unitCode(i) + "/" + b.direction(i) + "/" + b.flags(i));
                }
            }
        }
        return out;
    }

    static String record(long meter, long counter, CommPath path) {
        return meter + "/" + counter + "/" + Frames.register(meter, counter) + "/" + (Frames.READING_EPOCH + 1800 * counter)
                + "/" + NOW.toEpochMilli() + "/" + path.code() + "/1/6/2/0/0";
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void can_journal_a_batch_and_ack_it(Transport transport) throws Exception {
        givenServerAndClientUsing(transport);
        AckFrame ack = client.send(batchOf(transport, 1, 1000, 1, 1001, 1, 1002, 1, 1000, 2));
        assertThat(ack).isEqualTo(new AckFrame(AckStatus.JOURNALED, 1, 4, 0, 0));
        CommPath p = pathOf(transport);
        assertThat(journalRecords()).containsExactly(
                record(1000, 1, p), record(1001, 1, p), record(1002, 1, p), record(1000, 2, p));
        assertThat(server.journal().lastIndex()).isNotEqualTo(-1);
        IngestStats.Snapshot s = server.stats().snapshot();
        assertThat(s.framesReceived()).containsEntry(p.key(), 4L);
        assertThat(s.framesJournaled()).containsEntry(p.key(), 4L);
        assertThat(s.batchesByTransport()).containsEntry(transport.key(), 1L);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void the_journal_document_carries_the_batch_frames_source(Transport transport) throws Exception {
        givenServerAndClientUsing(transport);
        client.send(batchOf(transport, 1, 1000, 1, 1001, 1));
        ReadingBatch b = new ReadingBatch();
        try (JournalTailer t = server.journal().tailerFromStart()) {
            assertThat(t.poll(b)).isTrue();
        }
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.sourcePath()).isEqualTo(pathOf(transport).code());
        assertThat(b.sourceId()).isEqualTo(77L); // the source ID in Frames.batch
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void absorbs_a_resent_batch_as_duplicates(Transport transport) throws Exception {
        givenServerAndClientUsing(transport);
        byte[] batch = batchOf(transport, 5, 1000, 1, 1001, 1, 1002, 1);
        assertThat(client.send(batch).accepted()).isEqualTo(3);
        long lastIndex = server.journal().lastIndex();

        assertThat(client.send(batch)).isEqualTo(new AckFrame(AckStatus.JOURNALED, 5, 0, 3, 0));
        assertThat(server.journal().lastIndex()).isEqualTo(lastIndex);
        assertThat(journalRecords()).hasSize(3);
        assertThat(server.stats().duplicatesDropped()).isEqualTo(3);

        // a counter already seen is a duplicate; a newer one is accepted; an older one never seen is a late
        // reading inside the replay window and is accepted too
        assertThat(client.send(batchOf(transport, 6, 1000, 1, 1000, 3)))
                .isEqualTo(new AckFrame(AckStatus.JOURNALED, 6, 1, 1, 0));
        assertThat(client.send(batchOf(transport, 7, 1000, 2)))
                .isEqualTo(new AckFrame(AckStatus.JOURNALED, 7, 1, 0, 0));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void counts_a_frame_repeated_inside_one_batch_as_duplicate(Transport transport) throws Exception {
        givenServerAndClientUsing(transport);
        byte[] env = frames.envelope(1000, 7);
        AckFrame ack = client.send(Frames.batch(pathOf(transport), 1, List.of(env, env, frames.envelope(1000, 6), env)));
        assertThat(ack).isEqualTo(new AckFrame(AckStatus.JOURNALED, 1, 2, 2, 0));
        assertThat(journalRecords()).containsExactly(record(1000, 7, pathOf(transport)), record(1000, 6, pathOf(transport)));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void rejects_a_tampered_frame_and_accepts_the_rest(Transport transport) throws Exception {
        givenServerAndClientUsing(transport);
        CommPath p = pathOf(transport);
        byte[] tampered = Frames.tamperTag(frames.envelope(1001, 1));
        AckFrame ack = client.send(Frames.batch(p, 9, List.of(frames.envelope(1000, 1), tampered, frames.envelope(1002, 1))));
        assertThat(ack).isEqualTo(new AckFrame(AckStatus.JOURNALED, 9, 2, 0, 1));
        assertThat(journalRecords()).containsExactly(record(1000, 1, p), record(1002, 1, p));
        assertThat(server.stats().rejected(RejectReason.BAD_TAG)).isEqualTo(1);

        // the forged frame did not advance the meter's counter: the genuine one still gets in
        assertThat(client.send(Frames.batch(p, 10, List.of(frames.envelope(1001, 1)))).accepted()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void rejects_unknown_meters_and_undecodable_payloads(Transport transport) throws Exception {
        givenServerAndClientUsing(transport);
        CommPath p = pathOf(transport);
        AckFrame ack = client.send(Frames.batch(p, 2, List.of(
                frames.envelope(999, 1), frames.envelope(1100, 1), frames.garbageEnvelope(1003, 1),
                new byte[] {1, 2, 3}, frames.envelope(1099, 1))));
        assertThat(ack).isEqualTo(new AckFrame(AckStatus.JOURNALED, 2, 1, 0, 4));
        assertThat(journalRecords()).containsExactly(record(1099, 1, p));
        IngestStats.Snapshot s = server.stats().snapshot();
        assertThat(s.rejected()).containsEntry("unknown_meter", 2L).containsEntry("bad_payload", 1L)
                .containsEntry("malformed_envelope", 1L).containsEntry("bad_tag", 0L);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void answers_malformed_batches_and_keeps_serving(Transport transport) throws Exception {
        givenServerAndClientUsing(transport);
        byte[] good = batchOf(transport, 3, 1000, 1);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        assertThat(client.send(truncated)).isEqualTo(AckFrame.malformed(3));
        assertThat(client.send(new byte[] {0x47, 0x45, 0x54, 0x20})).isEqualTo(AckFrame.malformed(0));
        assertThat(client.send(new byte[0])).isEqualTo(AckFrame.malformed(0));
        assertThat(journalRecords()).isEmpty();
        assertThat(server.stats().rejected(RejectReason.MALFORMED_BATCH)).isEqualTo(3);

        assertThat(client.send(good)).isEqualTo(new AckFrame(AckStatus.JOURNALED, 3, 1, 0, 0));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void can_journal_a_large_batch(Transport transport) throws Exception {
        givenServerAndClientUsing(transport);
        List<byte[]> envs = new ArrayList<>();
        for (int c = 1; c <= 10; c++) {
            for (long m = FIRST_METER; m < FIRST_METER + 100; m++) {
                envs.add(frames.envelope(m, c));
            }
        }
        byte[] batch = Frames.batch(pathOf(transport), 42, envs); // 1000 frames, ~70 KB: block-wise on CoAP
        assertThat(client.send(batch)).isEqualTo(new AckFrame(AckStatus.JOURNALED, 42, 1000, 0, 0));
        assertThat(journalRecords()).hasSize(1000);
        assertThat(client.send(batch)).isEqualTo(new AckFrame(AckStatus.JOURNALED, 42, 0, 1000, 0));
    }
}
