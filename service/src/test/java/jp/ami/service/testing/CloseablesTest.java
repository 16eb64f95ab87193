package jp.ami.service.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseablesTest {
    @Test
    void closes_in_the_order_given_skips_nulls_and_rethrows_the_first_failure_after_closing_the_rest() {
        List<String> closed = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");
        assertThatThrownBy(() -> Closeables.closeAll(() -> closed.add("sim"), null, () -> {
            closed.add("link");
            throw first;
        }, () -> {
            closed.add("hes");
            throw second;
        })).isSameAs(first).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(second));
        assertThat(closed).containsExactly("sim", "link", "hes");
    }
}
