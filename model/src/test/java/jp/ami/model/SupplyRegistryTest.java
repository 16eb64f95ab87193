package jp.ami.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import org.junit.jupiter.api.Test;

class SupplyRegistryTest {
    private static final OperatorCode A = OperatorCode.of("A0001");
    private static final OperatorCode B = OperatorCode.of("B0002");

    @Test
    void points_get_dense_indexes_and_keep_their_retailer() {
        SupplyRegistry r = new SupplyRegistry();
        int x = r.register(SupplyPointId.of("0300000000000000000001"), A);
        int y = r.register(SupplyPointId.of("0300000000000000000002"), B);
        assertThat(x).isZero();
        assertThat(y).isEqualTo(1);
        assertThat(r.retailerAt(x, 0)).isEqualTo(A);
        assertThat(r.retailerAt(y, 0)).isEqualTo(B);
        assertThat(r.indexOf(SupplyPointId.of("0300000000000000000002"))).isEqualTo(1);
        assertThat(r.indexOf(SupplyPointId.of("0300000000000000000003"))).isEqualTo(-1);
    }

    @Test
    void switch_applies_from_its_first_slot_only() {
        SupplyRegistry r = new SupplyRegistry();
        SupplyPointId id = SupplyPointId.of("0300000000000000000001");
        int p = r.register(id, A);
        long d = Slots.index(LocalDate.of(2026, 12, 1), 1);
        r.scheduleSwitch(id, d, B);
        assertThat(r.retailerAt(p, d - 1)).isEqualTo(A);
        assertThat(r.retailerAt(p, d)).isEqualTo(B);
        assertThat(r.retailerAt(p, d + 500)).isEqualTo(B);
        r.scheduleSwitch(id, d + 48, A);
        assertThat(r.retailerAt(p, d + 47)).isEqualTo(B);
        assertThat(r.retailerAt(p, d + 48)).isEqualTo(A);
    }

    @Test
    void duplicate_and_unknown_points_are_rejected_by_name() {
        SupplyRegistry r = new SupplyRegistry();
        SupplyPointId id = SupplyPointId.of("0300000000000000000001");
        r.register(id, A);
        assertThatThrownBy(() -> r.register(id, B)).isInstanceOf(InvalidValueException.class).hasMessageContaining("0300000000000000000001");
        assertThatThrownBy(() -> r.scheduleSwitch(SupplyPointId.of("0300000000000000000009"), 1, B))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("supplyPointId");
    }

    @Test
    void indexes_in_id_order_match_the_text_order_of_the_ids() {
        SupplyRegistry r = new SupplyRegistry();
        java.util.Random rnd = new java.util.Random(7);
        java.util.List<String> ids = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (ids.size() < 5_000) {
            // few distinct high halves, so runs of equal high halves are ordered by the low half
            String hi = "03" + String.format("%09d", rnd.nextInt(7) * 123_456_789L);
            String lo = String.format("%011d", (rnd.nextLong() & Long.MAX_VALUE) % 100_000_000_000L);
            if (seen.add(hi + lo)) {
                ids.add(hi + lo);
                r.register(SupplyPointId.of(hi + lo), A);
            }
        }
        int[] order = r.indexesInIdOrder();
        java.util.List<String> sorted = new java.util.ArrayList<>(ids);
        java.util.Collections.sort(sorted);
        assertThat(order).hasSize(ids.size());
        for (int k = 0; k < order.length; k++) {
            assertThat(ids.get(order[k])).isEqualTo(sorted.get(k));
        }
    }
}
