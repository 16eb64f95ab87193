package jp.ami.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnergyTest {
    @Test
    void kwh_formats_and_parses_exactly_with_four_places() {
        assertThat(Kwh.ofUnits(1520).toString()).isEqualTo("0.1520");
        assertThat(Kwh.ofUnits(-30000).toString()).isEqualTo("-3.0000");
        assertThat(Kwh.ofUnits(123456789).toString()).isEqualTo("12345.6789");
        assertThat(Kwh.parse("0.152").units()).isEqualTo(1520);
        assertThat(Kwh.parse("7").units()).isEqualTo(70000);
        assertThat(Kwh.parse("-0.0001").units()).isEqualTo(-1);
        assertThatThrownBy(() -> Kwh.parse("0.00001")).hasMessageContaining("more than 4 decimal places");
        assertThatThrownBy(() -> Kwh.parse("1e3")).hasMessageStartingWith("kwh: \"1e3\"");
    }

    @Test
    void register_delta_wraps_at_ten_to_the_digits() {
        assertThat(Registers.delta(99_999_990L, 5L, 8)).isEqualTo(15);
        assertThat(Registers.delta(100L, 250L, 6)).isEqualTo(150);
        assertThat(Registers.delta(5L, 5L, 6)).isZero();
        assertThatThrownBy(() -> Registers.delta(1, 2, 0)).hasMessageStartingWith("effectiveDigits: \"0\"");
    }

    @Test
    void unit_times_coefficient_is_exact_in_ten_thousandths() {
        // 15 steps of 0.01 kWh with coefficient 40 = 6 kWh
        assertThat(EnergyUnit.ofCode(0x02).toUnits(15, 40)).isEqualTo(60_000);
        assertThat(EnergyUnit.ofCode(0x04).toUnits(3, 1)).isEqualTo(3);
        assertThat(EnergyUnit.ofCode(0x0D).toUnits(2, 1)).isEqualTo(200_000_000L);
        assertThatThrownBy(() -> EnergyUnit.ofCode(0x05)).hasMessageStartingWith("unit: \"0x05\"");
        assertThatThrownBy(() -> EnergyUnit.KWH_10000.toUnits(Long.MAX_VALUE / 2, 4)).isInstanceOf(ArithmeticException.class);
    }
}
