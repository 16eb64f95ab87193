package jp.ami.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void supply_point_id_knows_its_area() {
        assertThat(SupplyPointId.of("0310111001234567890000").area()).isEqualTo(Area.TOKYO);
        assertThat(SupplyPointId.of("1000000000000000000000").area()).isEqualTo(Area.OKINAWA);
        assertThat(SupplyPointId.of("0100000000000000000000").area().twoDigits()).isEqualTo("01");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "031011100123456789000|must be exactly 22 ASCII digits (has 21 characters)",
            "03101110012345678900000|must be exactly 22 ASCII digits (has 23 characters)",
            "03101110012345678900a0|character 21 is not a digit",
            "0010111001234567890000|area code 01–10 (has 00)",
            "1110111001234567890000|area code 01–10 (has 11)",
            "０310111001234567890000|character 1 is not a digit"})
    void bad_supply_point_ids_are_rejected_naming_field_and_value(String value, String reason) {
        assertThatThrownBy(() -> SupplyPointId.of(value))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("supplyPointId: \"" + value + "\"")
                .hasMessageContaining(reason)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("supplyPointId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"R001", "R00133", "r0013", "R00-3", ""})
    void bad_operator_codes_are_rejected(String value) {
        assertThat(OperatorCode.isValid(value)).isFalse();
        assertThatThrownBy(() -> OperatorCode.of(value)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("operatorCode: \"" + value + "\"");
    }

    @Test
    void good_operator_code_and_meter_id() {
        assertThat(OperatorCode.of("R0013").value()).isEqualTo("R0013");
        assertThat(OperatorCode.isValid("A9Z00")).isTrue();
        assertThat(MeterId.parse("123456789").value()).isEqualTo(123456789L);
        assertThatThrownBy(() -> MeterId.of(0)).hasMessageStartingWith("meterId: \"0\"");
        assertThatThrownBy(() -> MeterId.parse("12x")).hasMessageStartingWith("meterId: \"12x\"");
    }
}
