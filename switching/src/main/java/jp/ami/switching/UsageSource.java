package jp.ami.switching;

import java.time.Instant;
import java.util.List;
import jp.ami.model.SupplyPointId;

/**
 * Where the switching service reads a supply point's 30-minute values for IF_10310 (usage information): the
 * MDMS's value store. The switching module does not depend on the MDMS; whoever wires both provides this.
 */
@FunctionalInterface
public interface UsageSource {
    /** One 30-minute value: slot end, value in 0.0001 kWh ({@code null} when missing) and status code. */
    record SlotValue(Instant slotEnd, Long units, String status) {
    }

    /** The point's values with slot end in ({@code from}, {@code to}], in slot order. */
    List<SlotValue> values(SupplyPointId point, Instant from, Instant to);
}
