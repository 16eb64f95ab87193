package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import jp.ami.mdms.values.ExportIndex;
import org.junit.jupiter.api.Test;

class ExportIndexTest {
    @Test
    void export_indexes_are_dense_in_order_of_addition_and_found_again_by_point() {
        int n = 50_000;
        ExportIndex x = new ExportIndex(n);
        Map<Integer, Integer> expected = new HashMap<>();
        Random rnd = new Random(5);
        for (int i = 0; i < 6_000; i++) {
            int p = rnd.nextInt(n + 200); // a few beyond the initial size: the index grows
            if (x.of(p) < 0) {
                int e = x.add(p, 1000L + p);
                assertThat(e).isEqualTo(expected.size());
                expected.put(p, e);
            }
        }
        for (int p = 0; p < n + 300; p++) {
            int e = x.of(p);
            assertThat(e).as("point %d", p).isEqualTo(expected.getOrDefault(p, -1));
            if (e >= 0) {
                assertThat(x.point(e)).isEqualTo(p);
                assertThat(x.firstSlot(e)).isEqualTo(1000L + p);
            }
        }
        assertThat(x.size()).isEqualTo(expected.size());
        x.clear();
        assertThat(x.size()).isZero();
        assertThat(x.of(expected.keySet().iterator().next())).isEqualTo(-1);
    }
}
