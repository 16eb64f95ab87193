package jp.ami.mdms.slots;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.ami.model.OperatorCode;

/** Who hears of finalised slots and published files; registered from any thread, told on the engine thread. */
final class EngineListeners {
    private final List<SlotFinalizedListener> slots = new CopyOnWriteArrayList<>();
    private final List<FilePublishedListener> files = new CopyOnWriteArrayList<>();

    void add(SlotFinalizedListener l) {
        slots.add(l);
    }

    void add(FilePublishedListener l) {
        files.add(l);
    }

    /** Adds every listener of {@code other}. */
    void addAll(EngineListeners other) {
        slots.addAll(other.slots);
        files.addAll(other.files);
    }

    void slotFinalized(long slotIndex, SlotStats stats) {
        for (SlotFinalizedListener l : slots) {
            l.slotFinalized(slotIndex, stats);
        }
    }

    void filePublished(OperatorCode retailer, String name, long slotIndex, long size, Instant at) {
        for (FilePublishedListener l : files) {
            l.filePublished(retailer, name, slotIndex, size, at);
        }
    }
}
