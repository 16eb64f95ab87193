package jp.ami.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {
    @Test
    void runs_faster_than_real_time_from_its_origin() {
        Instant origin = Instant.parse("2026-11-21T15:00:00Z");
        SimulatedClock clock = new SimulatedClock(origin, 1000);
        long realStart = System.nanoTime();
        Instant a = clock.instant();
        while (System.nanoTime() - realStart < 2_000_000) {
            Thread.onSpinWait();
        }
        Instant b = clock.instant();
        assertThat(a).isAfterOrEqualTo(origin);
        // at least 2 ms of real time passed between the readings: at least 2 s of simulated time
        assertThat(java.time.Duration.between(origin, b).toMillis()).isGreaterThanOrEqualTo(2000);
        assertThat(clock.realNanosUntil(b.plusSeconds(60))).isBetween(1L, 60_000_000L);
        assertThat(clock.realNanosUntil(origin)).isZero();
    }

    @Test
    void anchored_clocks_started_at_different_real_times_read_the_same_simulated_time() {
        Instant simulatedAtAnchor = Instant.parse("2026-11-23T13:20:00Z");
        Instant wallAnchor = Instant.parse("2031-12-31T14:55:00Z");
        // one process starts 2 s after the anchor, another (a restarted one) 7.5 s after it, both at 60x
        SimulatedClock first = SimulatedClock.anchored(simulatedAtAnchor, wallAnchor, 60,
                java.time.Clock.fixed(wallAnchor.plusSeconds(2), java.time.ZoneOffset.UTC));
        SimulatedClock restarted = SimulatedClock.anchored(simulatedAtAnchor, wallAnchor, 60,
                java.time.Clock.fixed(wallAnchor.plusMillis(7_500), java.time.ZoneOffset.UTC));
        Instant a = first.instant();
        Instant b = restarted.instant();
        Instant a2 = first.instant();
        // the first reads 2 min after the anchor and has run since; the restarted one 7.5 min after it
        assertThat(a).isAfterOrEqualTo(simulatedAtAnchor.plusSeconds(120));
        assertThat(b).isAfterOrEqualTo(simulatedAtAnchor.plusSeconds(450));
        // both derive from the anchor, not from their own start: they differ by the 5.5 s × 60 between the wall readings
        assertThat(java.time.Duration.between(a, b).toMillis()).isBetween(330_000L - 1_000, 330_000L + 1_000);
        assertThat(a2).isAfterOrEqualTo(a);
        assertThatThrownBy(() -> SimulatedClock.anchored(simulatedAtAnchor, wallAnchor, 0, java.time.Clock.systemUTC()))
                .hasMessageStartingWith("speed: \"0\"");
    }

    @Test
    void stands_still_once_stopped() {
        Instant origin = Instant.parse("2026-11-21T15:00:00Z");
        SimulatedClock clock = new SimulatedClock(origin, 1000);
        clock.stopAt(origin.plusSeconds(1));
        long realStart = System.nanoTime();
        while (System.nanoTime() - realStart < 3_000_000) {
            Thread.onSpinWait();
        }
        assertThat(clock.instant()).isEqualTo(origin.plusSeconds(1));
        assertThatThrownBy(() -> new SimulatedClock(origin, 0)).hasMessageStartingWith("speed: \"0\"");
    }

    @Test
    void a_paused_clock_reads_its_origin_until_started() {
        Instant origin = Instant.parse("2026-11-21T15:00:00Z");
        SimulatedClock clock = SimulatedClock.paused(origin, 1000);
        long realStart = System.nanoTime();
        while (System.nanoTime() - realStart < 2_000_000) {
            Thread.onSpinWait();
        }
        assertThat(clock.instant()).isEqualTo(origin);
        assertThat(clock.isRunning()).isFalse();
        clock.start();
        realStart = System.nanoTime();
        while (System.nanoTime() - realStart < 2_000_000) {
            Thread.onSpinWait();
        }
        assertThat(clock.instant()).isAfterOrEqualTo(origin.plusSeconds(2));
    }

    @Test
    void a_benchmark_can_pause_advance_and_rerun_it_at_another_speed() {
        Instant origin = Instant.parse("2026-11-21T15:00:00Z");
        SimulatedClock clock = SimulatedClock.paused(origin, 1000);
        clock.advanceTo(origin.plusSeconds(600));
        clock.advanceTo(origin.plusSeconds(300)); // never backwards
        assertThat(clock.instant()).isEqualTo(origin.plusSeconds(600));
        assertThat(clock.withZone(java.time.ZoneOffset.UTC).instant()).isEqualTo(origin.plusSeconds(600));

        clock.stopAt(origin.plusSeconds(900));
        clock.runFrom(origin.plusSeconds(1200), 1); // lifts the earlier stop
        assertThat(clock.speed()).isEqualTo(1);
        assertThat(clock.instant()).isAfterOrEqualTo(origin.plusSeconds(1200)).isBefore(origin.plusSeconds(1260));
        assertThatThrownBy(() -> clock.advanceTo(origin.plusSeconds(5000))).isInstanceOf(IllegalStateException.class);

        clock.pause();
        Instant frozen = clock.instant();
        long realStart = System.nanoTime();
        while (System.nanoTime() - realStart < 2_000_000) {
            Thread.onSpinWait();
        }
        assertThat(clock.instant()).isEqualTo(frozen);
        assertThat(clock.isRunning()).isFalse();
    }
}
