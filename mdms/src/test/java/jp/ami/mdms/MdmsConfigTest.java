package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import jp.ami.model.InvalidValueException;
import org.junit.jupiter.api.Test;

class MdmsConfigTest {
    final Path base = Path.of("base");

    @Test
    void the_builder_starts_from_the_defaults_and_changes_only_what_it_is_told() {
        MdmsConfig defaults = MdmsConfig.defaults(base);
        assertThat(MdmsConfig.builder(base).build()).isEqualTo(defaults);
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults);
        assertThat(defaults.journalDir()).isEqualTo(base.resolve("journal"));
        assertThat(defaults.cutoff()).isEqualTo(MdmsConfig.DEFAULT_CUTOFF);

        MdmsConfig changed = defaults.toBuilder().deliveryPort(0).questDbHttpPort(1).questDbPgPort(2).recordsPerFile(7).encoding(Charset.forName("Shift_JIS"))
                .questDbHost("db").build();
        assertThat(changed.deliveryPort()).isZero();
        assertThat(changed.questDbHttpPort()).isEqualTo(1);
        assertThat(changed.questDbPgPort()).isEqualTo(2);
        assertThat(changed.recordsPerFile()).isEqualTo(7);
        assertThat(changed.encoding().name()).isEqualTo("Shift_JIS");
        assertThat(changed.questDbHost()).isEqualTo("db");
        assertThat(changed.toBuilder().deliveryPort(defaults.deliveryPort()).questDbHttpPort(defaults.questDbHttpPort()).questDbPgPort(defaults.questDbPgPort())
                .recordsPerFile(defaults.recordsPerFile()).encoding(defaults.encoding()).questDbHost(null).build())
                .isEqualTo(defaults);
    }

    @Test
    void build_rejects_an_invalid_key_by_name() {
        assertThatThrownBy(() -> MdmsConfig.builder(base).recordsPerFile(0).build())
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("recordsPerFile");
        assertThatThrownBy(() -> MdmsConfig.builder(base).clockSkewTolerance(Duration.ofMinutes(15)).build())
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("clockSkewTolerance");
        assertThatThrownBy(() -> MdmsConfig.builder(base).deliveryPort(70_000).build())
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("deliveryPort");
    }
}
