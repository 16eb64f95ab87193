package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongLongMapTest {
    @Test
    void behaves_like_a_hash_map_through_growth() {
        LongLongMap map = new LongLongMap(4);
        Map<Long, Long> ref = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            long k = rnd.nextInt(20_000) - 10 + (rnd.nextInt(100) == 0 ? Long.MIN_VALUE + 5 : 0);
            if (rnd.nextInt(500) == 0) {
                k = Long.MIN_VALUE;
            }
            long v = rnd.nextLong();
            map.put(k, v);
            ref.put(k, v);
        }
        assertThat(map.size()).isEqualTo(ref.size());
        ref.forEach((k, v) -> assertThat(map.get(k, 42)).isEqualTo(v));
        assertThat(map.get(123_456_789L, -1)).isEqualTo(-1);
        map.clear();
        assertThat(map.size()).isZero();
        assertThat(map.get(Long.MIN_VALUE, -1)).isEqualTo(-1);
    }
}
