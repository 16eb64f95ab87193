package jp.ami.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which service dies when: {@code kills} moments drawn uniformly from a window of simulated time, each with a target
 * drawn uniformly from {@code targets}, sorted by time. The same seed gives the same schedule.
 */
record KillSchedule(List<Kill> kills) {
    /** One SIGKILL: {@code target} at simulated instant {@code at}. */
    record Kill(Instant at, String target) {
    }

    static KillSchedule draw(long seed, int kills, List<String> targets, Instant from, Instant to) {
        if (targets.isEmpty() || !to.isAfter(from)) {
            throw new IllegalArgumentException("need targets and a window, got " + targets + " " + from + "…" + to);
        }
        SplittableRandom random = new SplittableRandom(seed);
        long span = Duration.between(from, to).toMillis();
        List<Kill> list = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            list.add(new Kill(from.plusMillis(random.nextLong(span)), targets.get(random.nextInt(targets.size()))));
        }
        list.sort(Comparator.comparing(Kill::at));
        return new KillSchedule(List.copyOf(list));
    }
}
