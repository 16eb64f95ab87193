package jp.ami.journal.kafka;

import jp.ami.journal.SupplyPointKey;

/**
 * The partition of a supply point: a fixed hash of its key modulo the topic's partition count, so every reading of a
 * supply point (across meter exchanges, through {@link SupplyPointKey}) lands in the same ordered log. The hash does not
 * depend on Kafka's default partitioner, so a shard can compute which supply points are its own.
 */
public final class SupplyPointPartitions {
    private final SupplyPointKey key;
    private final int partitions;

    public SupplyPointPartitions(SupplyPointKey key, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions " + partitions);
        }
        this.key = key;
        this.partitions = partitions;
    }

    public int count() {
        return partitions;
    }

    /** The supply-point key of meter {@code meterId} (its first meter, through exchanges). */
    public long keyOf(long meterId) {
        return key.of(meterId);
    }

    /** The partition of meter {@code meterId}'s supply point. */
    public int of(long meterId) {
        return partitionOfKey(keyOf(meterId), partitions);
    }

    /** The partition of supply-point key {@code k} among {@code partitions} (a 64-bit mix, then modulo). */
    public static int partitionOfKey(long k, int partitions) {
        long h = k * 0x9E37_79B9_7F4A_7C15L;
        h ^= h >>> 32;
        return (int) Math.floorMod(h, (long) partitions);
    }
}
