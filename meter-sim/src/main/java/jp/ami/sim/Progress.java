package jp.ami.sim;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A one-line progress display for long runs: {@code label [#####.....] 42% 12,000,000/29,000,000 1.2 M/s ETA 14 s},
 * redrawn on {@code out} every half second (carriage return, no new line until closed). Thread-safe.
 */
final class Progress implements AutoCloseable {
    private static final int WIDTH = 30;
    private final String label;
    private final long total;
    private final PrintStream out;
    private final LongAdder done = new LongAdder();
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });
    private boolean closed;

    Progress(String label, long total, PrintStream out) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
        timer.scheduleAtFixedRate(this::draw, 500, 500, TimeUnit.MILLISECONDS);
    }

    void add(long n) {
        done.add(n);
    }

    static String line(String label, long done, long total, double seconds) {
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && done < total ? String.format(" ETA %.0f s", (total - done) / rate) : "";
        return String.format("%s [%s%s] %3d%% %,d/%,d %.2f M/s%s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                100 * Math.min(done, total) / total, done, total, rate / 1e6, eta);
    }

    private synchronized void draw() {
        if (!closed) {
            out.print("\r" + line(label, done.sum(), total, (System.nanoTime() - start) / 1e9));
            out.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        out.println("\r" + line(label, done.sum(), total, (System.nanoTime() - start) / 1e9));
    }
}
