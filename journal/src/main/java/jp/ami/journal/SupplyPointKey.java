package jp.ami.journal;

/**
 * Maps a meter to a stable key of its supply point, so that the readings of one supply point stay in one ordered log
 * also across a meter exchange (the new meter maps to the same key as the old one).
 */
@FunctionalInterface
public interface SupplyPointKey {
    /** Each meter is its own supply point (no exchanges known). */
    SupplyPointKey METER = meterId -> meterId;

    long of(long meterId);
}
