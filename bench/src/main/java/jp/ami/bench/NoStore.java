package jp.ami.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.store.StoredValue;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.MeterId;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A value store that keeps nothing: benchmarks of the engine and its memory leave QuestDB out. */
public final class NoStore implements ValueStore {
    @Override
    public void write(SlotValues values, Instant writtenAt) {
    }

    @Override
    public void write(SlotValues values, int[] points, int n, Instant writtenAt) {
    }

    @Override
    public List<StoredValue> read(long slotIndex) {
        return List.of();
    }

    @Override
    public long count() {
        return 0;
    }

    @Override
    public java.util.Map<String, Long> countByStatus() {
        return java.util.Map.of();
    }

    @Override
    public long count(long slotIndex) {
        return 0;
    }

    @Override
    public boolean awaitVisible(long slotIndex, long expectedRows, Duration timeout) {
        return true;
    }

    @Override
    public boolean awaitVisible(long expectedRows, Duration timeout) {
        return true;
    }

    @Override
    public void close() {
    }
}
