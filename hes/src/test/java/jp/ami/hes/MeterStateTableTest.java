package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import jp.ami.journal.ReadingBatch;
import org.junit.jupiter.api.Test;

class MeterStateTableTest {
    @Test
    void dense_range_maps_by_offset_and_other_meters_get_the_next_indices() {
        MeterIndex index = new MeterIndex(1000, 10, 2);
        assertThat(index.indexOf(1000)).isZero();
        assertThat(index.indexOrAdd(1009)).isEqualTo(9);
        assertThat(index.indexOf(5)).isEqualTo(-1);
        assertThat(index.indexOrAdd(5)).isEqualTo(10);
        assertThat(index.indexOrAdd(Long.MAX_VALUE)).isEqualTo(11);
        for (long m = 20_000; m < 20_100; m++) { // grows past the initial capacity
            assertThat(index.indexOrAdd(m)).isEqualTo(12 + (int) (m - 20_000));
        }
        assertThat(index.indexOrAdd(5)).isEqualTo(10);
        assertThat(index.indexOf(20_099)).isEqualTo(111);
        assertThat(index.capacityNeeded()).isEqualTo(112);
    }

    @Test
    void sparse_only_index_assigns_from_zero() {
        MeterIndex index = new MeterIndex(0, 0, 4);
        assertThat(index.indexOrAdd(42)).isZero();
        assertThat(index.indexOrAdd(7)).isEqualTo(1);
        assertThat(index.indexOf(42)).isZero();
    }

    @Test
    void fresh_state_is_none_and_rollback_restores_the_batch_start() {
        MeterStateTable t = new MeterStateTable(4);
        assertThat(t.window(3)).isEqualTo(ReplayWindow.NONE);
        assertThat(t.boundary(3, ReadingBatch.DIRECTION_NORMAL)).isEqualTo(ReplayWindow.NONE);
        assertThat(t.boundary(3, 1)).isEqualTo(ReplayWindow.NONE);
        assertThat(t.route(3)).isZero();

        int r1 = t.routeId(1L << 32 | 7);
        t.beginBatch();
        t.setWindow(3, ReplayWindow.mark(ReplayWindow.NONE, 5));
        t.setBoundary(3, ReadingBatch.DIRECTION_NORMAL, ReplayWindow.mark(ReplayWindow.NONE, 100));
        t.setRoute(3, r1);
        t.beginBatch(); // journaled: kept
        long w = t.window(3);

        int r2 = t.routeId(2L << 32 | 9);
        assertThat(r2).isNotEqualTo(r1).isEqualTo(t.routeId(2L << 32 | 9));
        t.setWindow(3, ReplayWindow.mark(w, 6));
        t.setWindow(3, ReplayWindow.mark(t.window(3), 7));
        t.setBoundary(3, ReadingBatch.DIRECTION_NORMAL, ReplayWindow.mark(t.boundary(3, 0), 101));
        t.setBoundary(3, 1, ReplayWindow.mark(ReplayWindow.NONE, 101));
        t.setRoute(3, r2);
        t.ensure(100);
        t.setWindow(100, ReplayWindow.mark(ReplayWindow.NONE, 1));
        assertThat(t.route(3)).isEqualTo(2L << 32 | 9);
        t.rollback(); // the append failed

        assertThat(t.window(3)).isEqualTo(w);
        assertThat(ReplayWindow.check(t.window(3), 6)).isEqualTo(ReplayWindow.NEW);
        assertThat(ReplayWindow.check(t.window(3), 5)).isEqualTo(ReplayWindow.DUPLICATE);
        assertThat(ReplayWindow.check(t.boundary(3, 0), 100)).isEqualTo(ReplayWindow.DUPLICATE);
        assertThat(ReplayWindow.check(t.boundary(3, 0), 101)).isEqualTo(ReplayWindow.NEW);
        assertThat(t.boundary(3, 1)).isEqualTo(ReplayWindow.NONE);
        assertThat(t.route(3)).isEqualTo(1L << 32 | 7);
        assertThat(t.window(100)).isEqualTo(ReplayWindow.NONE);
    }
}
