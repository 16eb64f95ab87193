package jp.ami.bench.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs one {@link FuzzTarget} for a number of executions: each input is a {@link Mutator mutation} of a corpus entry
 * (the target's seeds, plus every input that produced an outcome not seen before, up to {@link #MAX_CORPUS}). A
 * throwable that is not the target's rejection is a crash: its input is written to {@code crashDir} (one file per
 * distinct crash site) for a regression test. A watchdog thread reports an execution that takes longer than the hang
 * limit (the input is written too) to the hang handler.
 */
final class FuzzRunner {
    static final int MAX_CORPUS = 512;
    /** Crash inputs kept per target (distinct crash sites). */
    static final int MAX_CRASHES = 20;

    /** What one target's run found. */
    record Result(String target, long execs, long crashes, List<String> crashSites, long hangs, int corpus,
                  Map<String, Long> outcomes, double seconds, long slowestMicros) {
        double execsPerSecond() {
            return seconds == 0 ? 0 : execs / seconds;
        }
    }

    private final Path crashDir;
    private final long hangMillis;
    private final Consumer<String> hangHandler;

    /**
     * @param crashDir    where crash and hang inputs go (created when one is found)
     * @param hangMillis  an execution longer than this is a hang
     * @param hangHandler told (with a description) when an execution hangs; the run cannot go on past it
     */
    FuzzRunner(Path crashDir, long hangMillis, Consumer<String> hangHandler) {
        this.crashDir = crashDir;
        this.hangMillis = hangMillis;
        this.hangHandler = hangHandler;
    }

    Result run(FuzzTarget target, long execs, long seed) {
        Mutator mutator = new Mutator(seed ^ target.name().hashCode());
        List<byte[]> corpus = new ArrayList<>(target.seeds());
        int seeds = corpus.size();
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Path> crashSites = new LinkedHashMap<>();
        long crashes = 0;
        long slowest = 0;
        AtomicLong startedAt = new AtomicLong(0);
        byte[][] current = new byte[1][];
        long[] hangs = {0};
        Thread watchdog = new Thread(() -> watch(target, startedAt, current, hangs), "fuzz-watchdog-" + target.name());
        watchdog.setDaemon(true);
        watchdog.start();
        long t0 = System.nanoTime();
        try {
            for (long i = 0; i < execs; i++) {
                // the seeds themselves first, then mutations
                byte[] input = i < seeds ? corpus.get((int) i)
                        : mutator.mutate(corpus.get(mutator.below(corpus.size())), corpus);
                current[0] = input;
                long s = System.nanoTime();
                startedAt.set(s);
                String outcome;
                try {
                    outcome = target.exercise(input);
                } catch (Throwable t) {
                    if (target.isRejection(t)) {
                        outcome = target.rejectionOutcome(t);
                    } else {
                        crashes++;
                        String site = site(t);
                        outcome = "crash:" + site;
                        if (!crashSites.containsKey(site) && crashSites.size() < MAX_CRASHES) {
                            crashSites.put(site, save(target.name(), "crash", input));
                        }
                    }
                }
                long took = System.nanoTime() - s;
                startedAt.set(0);
                slowest = Math.max(slowest, took);
                Long seen = outcomes.merge(outcome, 1L, Long::sum);
                if (seen == 1 && corpus.size() < MAX_CORPUS && !outcome.startsWith("crash:")) {
                    corpus.add(input);
                }
            }
        } finally {
            watchdog.interrupt();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> sites = new ArrayList<>();
        crashSites.forEach((site, file) -> sites.add(site + " → " + file));
        return new Result(target.name(), execs, crashes, sites, hangs[0], corpus.size(), outcomes, seconds, slowest / 1000);
    }

    private void watch(FuzzTarget target, AtomicLong startedAt, byte[][] current, long[] hangs) {
        long limit = hangMillis * 1_000_000L;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(Math.max(10, hangMillis / 4));
            } catch (InterruptedException e) {
                return;
            }
            long s = startedAt.get();
            if (s != 0 && System.nanoTime() - s > limit) {
                hangs[0]++;
                Path file = save(target.name(), "hang", current[0]);
                hangHandler.accept(target.name() + ": an input did not return within " + hangMillis + " ms (saved to " + file + ")");
                return;
            }
        }
    }

    /**
     * The throwable's class and where it was thrown: the first stack frame in the product's code (not the fuzzer's),
     * else the first outside the JDK (a library's parser), else the first: one site per distinct bug.
     */
    static String site(Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        StackTraceElement where = null;
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith("jp.ami.") && !e.getClassName().startsWith("jp.ami.bench.")) {
                where = e;
                break;
            }
        }
        for (int i = 0; where == null && i < stack.length; i++) {
            String c = stack[i].getClassName();
            if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                where = stack[i];
            }
        }
        if (where == null && stack.length > 0) {
            where = stack[0];
        }
        return t.getClass().getSimpleName() + (where == null ? "" : " at " + where.getClassName() + "." + where.getMethodName()
                + ":" + where.getLineNumber());
    }

    private Path save(String target, String kind, byte[] input) {
        try {
            Files.createDirectories(crashDir);
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input)).substring(0, 16);
            Path f = crashDir.resolve(target + "-" + kind + "-" + hash + ".bin");
            Files.write(f, input);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
