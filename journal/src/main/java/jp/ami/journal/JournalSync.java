package jp.ami.journal;

import java.util.Locale;
import jp.ami.model.InvalidValueException;

/**
 * When a Chronicle journal append is forced to the disk before it returns (and so before the head-end's ack).
 * <ul>
 *   <li>{@link #NONE}: the batch is in the memory-mapped file when the append returns; the kernel writes it back when
 *       it likes. Survives a crash of the process, not a power loss or kernel panic (the last seconds of batches,
 *       already acknowledged, can be lost).</li>
 *   <li>{@link #BATCH}: group commit per batch — the append msyncs the mapped pages it wrote (one {@code msync} per
 *       concentrator batch, whatever its number of readings) before it returns. Survives a process crash and a power
 *       loss of this machine (given a disk that honours flushes), not the loss of the machine or its disk.</li>
 * </ul>
 * Neither survives losing the machine: that takes a replicated journal (Kafka, replication 3, {@code acks=all}).
 */
public enum JournalSync {
    NONE,
    BATCH;

    /** {@code none} or {@code batch}, any case. */
    public static JournalSync parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("journalSync", text, "must be none or batch");
        }
    }
}
