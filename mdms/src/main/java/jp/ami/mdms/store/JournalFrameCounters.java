package jp.ami.mdms.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalTailer;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.InvalidValueException;

/**
 * The meter frame counters of value-history rows, read from the journal documents the rows name. The engine keeps
 * one document reference per point and held boundary, not the frame counter (4 B per point and boundary saved), so
 * the rows it writes carry {@code journal_index} and leave {@code frame_counter} NULL; this looks the counter up in
 * the journal on demand: the document at {@code journal_index}, the meter's normal-direction reading at the slot's end
 * — or, for an estimate whose provenance is the closing reading of its gap, the meter's first reading after it.
 * For tools (one lookup per row), not for the hot path. Not thread-safe.
 */
public final class JournalFrameCounters implements AutoCloseable {
    private final Journal journal;
    private final JournalTailer tailer;
    private final ReadingBatch batch = new ReadingBatch();

    private JournalFrameCounters(Journal journal) {
        this.journal = journal;
        this.tailer = journal.tailerFromStart();
    }

    /** Opens the journal in {@code dir}; a directory without Chronicle files is refused (never created). */
    public static JournalFrameCounters open(Path dir) {
        if (!Files.isDirectory(dir) || !hasQueueFiles(dir)) {
            throw new InvalidValueException("journal", dir, "is not a journal directory (no *.cq4 files)");
        }
        return new JournalFrameCounters(Journal.open(dir));
    }

    private static boolean hasQueueFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".cq4"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The frame counter of meter {@code meterId}'s reading in document {@code journalIndex} at {@code slotEndEpochSecond}
     * (else its first later reading there), or null when the document or the reading is not in the journal.
     */
    public Long frameCounter(long journalIndex, long meterId, long slotEndEpochSecond) {
        if (!tailer.moveToIndex(journalIndex) || !tailer.poll(batch)) {
            return null;
        }
        int best = -1;
        for (int i = 0; i < batch.size(); i++) {
            if (batch.meterId(i) != meterId || batch.direction(i) != ReadingBatch.DIRECTION_NORMAL
                    || batch.readingEpochSecond(i) < slotEndEpochSecond) {
                continue;
            }
            if (best < 0 || batch.readingEpochSecond(i) < batch.readingEpochSecond(best)) {
                best = i;
            }
        }
        return best < 0 ? null : batch.frameCounter(best);
    }

    /** {@code r} with its frame counter filled from the journal where the row has none and names a document. */
    public HistoryRecord resolve(HistoryRecord r) {
        if (r.frameCounter() != null || r.journalIndex() == null || r.meterId() == null) {
            return r;
        }
        Long counter = frameCounter(r.journalIndex(), r.meterId(), r.slotEndEpochSecond());
        return counter == null ? r : r.withFrameCounter(counter);
    }

    @Override
    public void close() {
        tailer.close();
        journal.close();
    }
}
