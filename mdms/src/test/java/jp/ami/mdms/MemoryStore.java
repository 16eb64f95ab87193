package jp.ami.mdms;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.store.StoredValue;
import jp.ami.mdms.store.ValueStore;

/** An in-memory ValueStore for engine tests: keyed like the real table, so re-writes replace. */
public final class MemoryStore implements ValueStore {
    final Map<Long, Map<String, StoredValue>> rows = new TreeMap<>();
    int writes;

    @Override
    public synchronized void write(SlotValues v, Instant writtenAt) {
        write(v, null, v.count(), writtenAt);
    }

    @Override
    public synchronized void write(SlotValues v, int[] points, int n, Instant writtenAt) {
        writes++;
        Map<String, StoredValue> slot = rows.computeIfAbsent(v.slotIndex(), k -> new TreeMap<>());
        for (int i = 0; i < n; i++) {
            int p = points == null ? i : points[i];
            String id = v.master().registry().pointAt(p).value();
            ValueStatus s = v.status(p);
            boolean pv = v.hasExport(p);
            ValueStatus xs = v.exportStatus(p);
            slot.put(id, new StoredValue(id, s == ValueStatus.MISSING ? null : v.units(p), CODES[ValueStatus.codeIndex(s, v.flags(p))], v.revision(),
                    v.master().meterAt(p, v.slotIndex()), pv && xs != ValueStatus.MISSING ? v.exportUnits(p) : null,
                    pv ? CODES[ValueStatus.codeIndex(v.exportPacked(p))] : null));
        }
    }

    /** The default codes by {@link ValueStatus#codeIndex}: present, estimated, missing, estimated at the cut-off. */
    private static final String[] CODES = {"0", "1", "9", "2"};

    @Override
    public synchronized List<StoredValue> read(long slotIndex) {
        return new ArrayList<>(rows.getOrDefault(slotIndex, Map.of()).values());
    }

    @Override
    public synchronized long count() {
        return rows.values().stream().mapToLong(Map::size).sum();
    }

    @Override
    public synchronized Map<String, Long> countByStatus() {
        Map<String, Long> out = new TreeMap<>();
        rows.values().forEach(m -> m.values().forEach(v -> out.merge(v.status(), 1L, Long::sum)));
        return out;
    }

    @Override
    public synchronized long count(long slotIndex) {
        return rows.getOrDefault(slotIndex, Map.of()).size();
    }

    @Override
    public boolean awaitVisible(long slotIndex, long expectedRows, Duration timeout) {
        return count(slotIndex) >= expectedRows;
    }

    @Override
    public boolean awaitVisible(long expectedRows, Duration timeout) {
        return count() >= expectedRows;
    }

    @Override
    public void close() {
    }
}
