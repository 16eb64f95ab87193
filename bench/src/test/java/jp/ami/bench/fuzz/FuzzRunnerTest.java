package jp.ami.bench.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CI pass of {@code ./ami bench fuzz}: every target through 20,000 mutations of its valid inputs with Netty's
 * leak detector at PARANOID, no crash and no leak; and the runner itself finds, saves and replays a planted bug.
 */
class FuzzRunnerTest {
    static final long EXECS = 20_000;

    @TempDir
    Path dir;

    static List<String> targets() {
        return FuzzTargets.names();
    }

    @ParameterizedTest
    @MethodSource("targets")
    @Timeout(120)
    void every_target_survives_mutations_of_its_valid_inputs(String name) {
        LeakCounter.install();
        FuzzTarget target = FuzzTargets.all().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        AtomicReference<String> hang = new AtomicReference<>();
        FuzzRunner.Result r = new FuzzRunner(dir, 10_000, hang::set).run(target, EXECS, 42);
        assertThat(r.crashSites()).as("crashes of %s", name).isEmpty();
        assertThat(r.crashes()).isZero();
        assertThat(hang.get()).isNull();
        assertThat(r.execs()).isEqualTo(EXECS);
        // the mutations reach past the first check: more than one way to refuse, and the valid seeds still pass
        assertThat(r.outcomes().keySet()).hasSizeGreaterThan(2).anyMatch(o -> !o.startsWith("refused:") || name.endsWith("json"));
        assertThat(r.corpus()).isGreaterThan(target.seeds().size());
        assertThat(LeakCounter.leaks()).as("leaked Netty buffers").isZero();
    }

    /** A parser with a bug: it trusts a length byte. */
    static final class Buggy implements FuzzTarget {
        @Override
        public String name() {
            return "buggy";
        }

        @Override
        public List<byte[]> seeds() {
            return List.of(new byte[]{2, 10, 20});
        }

        @Override
        public String exercise(byte[] input) {
            if (input.length == 0) {
                throw new jp.ami.model.InvalidValueException("length", 0, "must be at least 1");
            }
            return "ok:" + input[input[0] & 0x0F]; // reads past the end when the length byte lies
        }
    }

    @Test
    void a_planted_bug_is_found_saved_and_found_again_with_the_same_seed() throws Exception {
        FuzzRunner runner = new FuzzRunner(dir.resolve("crashes"), 10_000, m -> { });
        FuzzRunner.Result first = runner.run(new Buggy(), 5_000, 7);
        assertThat(first.crashes()).isPositive();
        assertThat(first.crashSites()).singleElement().satisfies(s -> assertThat(s)
                .startsWith("ArrayIndexOutOfBoundsException at jp.ami.bench.fuzz.FuzzRunnerTest$Buggy.exercise"));
        List<Path> saved = new ArrayList<>();
        try (var files = Files.list(dir.resolve("crashes"))) {
            files.forEach(saved::add);
        }
        assertThat(saved).singleElement().satisfies(f -> assertThat(f.getFileName().toString()).startsWith("buggy-crash-"));
        byte[] input = Files.readAllBytes(saved.get(0));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Buggy().exercise(input))
                .isInstanceOf(ArrayIndexOutOfBoundsException.class);
        assertThat(runner.run(new Buggy(), 5_000, 7).crashes()).isEqualTo(first.crashes());
        assertThat(first.outcomes()).containsKey("refused:length");
    }

    @Test
    @Timeout(30)
    void an_input_that_does_not_return_is_reported_as_a_hang() {
        AtomicReference<String> hang = new AtomicReference<>();
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        FuzzTarget slow = new FuzzTarget() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public List<byte[]> seeds() {
                return List.of(new byte[]{1});
            }

            @Override
            public String exercise(byte[] input) throws Exception {
                reported.await(); // stands for a parser that loops: it returns only once the watchdog has spoken
                return "ok";
            }
        };
        FuzzRunner.Result r = new FuzzRunner(dir.resolve("hangs"), 100, m -> {
            hang.set(m);
            reported.countDown();
        }).run(slow, 1, 1);
        assertThat(hang.get()).startsWith("slow: an input did not return within 100 ms (saved to ");
        assertThat(r.hangs()).isEqualTo(1);
        assertThat(dir.resolve("hangs")).isNotEmptyDirectory();
    }
}
