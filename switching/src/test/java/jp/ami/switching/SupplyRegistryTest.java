package jp.ami.switching;

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
}
