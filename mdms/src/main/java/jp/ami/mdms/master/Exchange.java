package jp.ami.mdms.master;

/**
 * A meter exchange (計器取替) at a supply point: the old meter's final register, the new meter's initial
 * register, and the exchange time. The slot containing the time ({@code slot}, = {@code Slots.containing(t)})
 * gets {@code (oldFinal − old reading at its start) + (new reading at its end − newInitial)}. Boundaries up to
 * the start of that slot belong to the old meter, boundaries from its end on to the new one; a reading from the
 * wrong meter for a boundary is ignored (counted). Both meters must use the same unit, coefficient and digits.
 *
 * @param point      dense supply-point index
 * @param oldMeter   meter removed
 * @param oldFinal   the old meter's register when removed
 * @param newMeter   meter installed
 * @param newInitial the new meter's register when installed
 * @param slot       slot index containing the exchange time
 */
public record Exchange(int point, long oldMeter, long oldFinal, long newMeter, long newInitial, long slot) {
}
