package jp.ami.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodeTableTest {
    private enum Twice implements Coded {
        X, Y;

        @Override
        public int code() {
            return 3;
        }
    }

    private enum Negative implements Coded {
        N;

        @Override
        public int code() {
            return -1;
        }
    }

    private enum Text implements TextCoded {
        P("IF_10610"), Q("12");

        private final String code;

        Text(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }
    }

    private enum TextTwice implements TextCoded {
        X, Y;

        @Override
        public String code() {
            return "same";
        }
    }

    @Test
    void finds_a_text_coded_constant_by_its_code() {
        TextCodeTable<Text> table = TextCodeTable.of(Text.class);
        assertThat(table.find("IF_10610")).isSameAs(Text.P);
        assertThat(table.find("12")).isSameAs(Text.Q);
        assertThat(table.contains("13")).isFalse();
        assertThat(table.find(null)).isNull();
        assertThatThrownBy(() -> TextCodeTable.of(TextTwice.class)).hasMessage("Y and X have the same code same");
    }

    @Test
    void finds_every_constant_by_its_code_and_nothing_elsewhere() {
        CodeTable<EnergyUnit> table = CodeTable.of(EnergyUnit.class); // sparse: 0x00–0x04, 0x0A–0x0D
        for (EnergyUnit u : EnergyUnit.values()) {
            assertThat(table.find(u.code())).isSameAs(u);
            assertThat(table.contains(u.code())).isTrue();
        }
        for (int code : new int[] {-1, 5, 7, 9, 0x0E, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertThat(table.find(code)).as("code %d", code).isNull();
            assertThat(table.contains(code)).isFalse();
        }
    }

    @Test
    void refuses_a_code_used_twice_or_out_of_range() {
        assertThatThrownBy(() -> CodeTable.of(Twice.class)).hasMessage("Y and X have the same code 3");
        assertThatThrownBy(() -> CodeTable.of(Negative.class)).hasMessage("N: code -1 is not 0–65535");
    }

    @Test
    void the_enums_keep_their_lookups_and_messages() {
        assertThat(CommPath.ofCode(2)).isEqualTo(CommPath.PLC);
        assertThatThrownBy(() -> CommPath.ofCode(4)).hasMessage("path: \"4\" must be 1 (wisun), 2 (plc) or 3 (relay)");
        assertThat(EnergyUnit.ofCode(0x0A)).isEqualTo(EnergyUnit.KWH_10);
        assertThat(EnergyUnit.isValidCode(0x05)).isFalse();
        assertThatThrownBy(() -> EnergyUnit.ofCode(0x05)).hasMessage("unit: \"0x05\" is not a defined 0xE1 unit code");
        assertThat(Area.ofCode(10)).isEqualTo(Area.OKINAWA);
        assertThatThrownBy(() -> Area.ofCode(0)).hasMessage("areaCode: \"0\" must be 01–10");
        assertThatThrownBy(() -> Area.ofCode(11)).hasMessage("areaCode: \"11\" must be 01–10");
    }

    @Test
    void a_required_value_is_returned_or_named_in_the_error() {
        assertThat(InvalidValueException.required("field", "x")).isEqualTo("x");
        assertThatThrownBy(() -> InvalidValueException.required("field", null)).hasMessage("field: null is required");
        assertThatThrownBy(() -> OperatorCode.of(null)).hasMessage("operatorCode: null is required");
        assertThatThrownBy(() -> OperatorCode.of("ab123")).hasMessage("operatorCode: \"ab123\" must be exactly 5 characters [0-9A-Z]");
        assertThatThrownBy(() -> OperatorCode.of("AB12")).hasMessage("operatorCode: \"AB12\" must be exactly 5 characters [0-9A-Z]");
    }
}
