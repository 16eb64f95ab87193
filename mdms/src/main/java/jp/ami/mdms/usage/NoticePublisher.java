package jp.ami.mdms.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.xml.UsageFileWriter;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyRegistry;

/**
 * Writes the files of the confirmed-usage notices {@link UsageNotices} selected: splits each notice into files of
 * {@link MdmsConfig#recordsPerFile()} points, writes them to the outbox (several at a time on a small pool), counts
 * their records and tells the {@link NoticeListener}s. Engine thread only, but for the pool's writes; the counts and
 * listeners may be read from any thread.
 */
final class NoticePublisher {
    /** Threads writing notice files: one per core, at most 4 (as the slot files' publisher). */
    static final int THREADS = Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors()));

    /** One file of a notice: the records {@code points[from … to)} as split {@code split}. */
    record FileJob(NoticeKey key, int[] points, int from, int to, int split, int revision) {
        String name() {
            return UsageFileNames.zip(key.kind(), LocalDate.ofEpochDay(key.epochDay()), revision, split);
        }
    }

    /** What writing one file counted, and its size. */
    private static final class FileResult {
        long size;
        long monthly, exchanges, specials, matches, mismatches, unverifiable, cannotProvide;
    }

    private final SupplyRegistry registry;
    private final int recordsPerFile;
    private final UsageCalculator calculator;
    /** One writer per thread that writes notice files (the engine thread and the pool's). */
    private final ThreadLocal<UsageFileWriter> writers;
    private ExecutorService pool;
    private final Outbox outbox;
    private final Clock clock;
    private final List<NoticeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile long files, monthly, exchanges, specials, matches, mismatches, unverifiable, cannotProvide;

    NoticePublisher(SupplyRegistry registry, int recordsPerFile, UsageCalculator calculator, Supplier<UsageFileWriter> writer,
                    Outbox outbox, Clock clock) {
        this.registry = registry;
        this.recordsPerFile = recordsPerFile;
        this.calculator = calculator;
        this.writers = ThreadLocal.withInitial(writer);
        this.outbox = outbox;
        this.clock = clock;
    }

    void addListener(NoticeListener l) {
        listeners.add(l);
    }

    /** Takes over the listeners of {@code other}. */
    void copyListenersFrom(NoticePublisher other) {
        listeners.addAll(other.listeners);
    }

    /** The files of one notice as {@code revision}: one per {@link MdmsConfig#recordsPerFile()} points. */
    List<FileJob> fileJobs(NoticeKey key, int[] points, int revision) {
        List<FileJob> jobs = new ArrayList<>();
        int split = 1;
        for (int from = 0; from < points.length; from += recordsPerFile, split++) {
            jobs.add(new FileJob(key, points, from, Math.min(points.length, from + recordsPerFile), split, revision));
        }
        return jobs;
    }

    /**
     * Writes the files of {@code jobs} — several at a time on a small pool (deflating a month's XML is the cost; the
     * caller has warmed the caches and mappings they read) — then, on this thread and in job order, counts their records
     * ({@code first}: first issues) and tells the listeners. Returns how many files.
     */
    int publish(List<FileJob> jobs, LocalDateTime createdAt, boolean first) {
        FileResult[] results = new FileResult[jobs.size()];
        if (jobs.size() == 1 || THREADS < 2) {
            for (int j = 0; j < jobs.size(); j++) {
                results[j] = write(jobs.get(j), createdAt);
            }
        } else {
            List<Future<FileResult>> futures = new ArrayList<>(jobs.size());
            for (FileJob job : jobs) {
                futures.add(pool().submit(() -> write(job, createdAt)));
            }
            for (int j = 0; j < futures.size(); j++) {
                results[j] = await(futures.get(j), jobs.get(j));
            }
        }
        for (int j = 0; j < jobs.size(); j++) {
            FileJob job = jobs.get(j);
            FileResult r = results[j];
            if (first) {
                monthly += r.monthly;
                exchanges += r.exchanges;
                specials += r.specials;
                matches += r.matches;
                mismatches += r.mismatches;
                unverifiable += r.unverifiable;
                cannotProvide += r.cannotProvide;
            }
            files++;
            Instant at = clock.instant();
            OperatorCode retailer = registry.retailer(job.key().retailer());
            for (NoticeListener l : listeners) {
                l.noticePublished(retailer, job.name(), job.key().kind(), LocalDate.ofEpochDay(job.key().epochDay()), job.revision(),
                        job.to() - job.from(), r.size, at);
            }
        }
        return jobs.size();
    }

    private static FileResult await(Future<FileResult> f, FileJob job) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + job.name(), e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new IllegalStateException("cannot write " + job.name(), c);
        }
    }

    /** Writes one file (on any thread: reads only warmed caches, mapped files and the registry). */
    private FileResult write(FileJob job, LocalDateTime createdAt) {
        NoticeKey key = job.key();
        OperatorCode retailer = registry.retailer(key.retailer());
        LocalDate date = LocalDate.ofEpochDay(key.epochDay());
        PeriodUsage u = new PeriodUsage();
        FileResult r = new FileResult();
        String name = job.name();
        try {
            r.size = outbox.publish(retailer, name, out -> writers.get().writeZip(key.kind(), date, job.revision(), job.split(), retailer,
                    registry, job.points(), job.from(), job.to(), p -> {
                        calculator.compute(p, key.kind(), date, u);
                        count(u, r);
                        return u;
                    }, createdAt, out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + name + " for " + retailer, e);
        }
        return r;
    }

    private static void count(PeriodUsage u, FileResult r) {
        switch (u.kind()) {
            case MONTHLY -> r.monthly++;
            case EXCHANGE -> r.exchanges++;
            case SPECIAL -> r.specials++;
        }
        if (u.kind() == NoticeKind.EXCHANGE) {
            return;
        }
        if (!u.canProvide()) {
            r.cannotProvide++;
            return;
        }
        switch (u.check()) {
            case MATCHES -> r.matches++;
            case MISMATCH -> r.mismatches++;
            case UNVERIFIABLE -> r.unverifiable++;
        }
    }

    private ExecutorService pool() {
        if (pool == null) {
            AtomicInteger k = new AtomicInteger();
            pool = Executors.newFixedThreadPool(THREADS, task -> {
                Thread t = new Thread(task, "mdms-usage-" + k.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** The counts so far, with the figures {@link UsageNotices} keeps itself. */
    UsageStats stats(long reissues, long lastCloseNanos, long lastClosePoints) {
        return new UsageStats(files, monthly, exchanges, specials, matches, mismatches, unverifiable, cannotProvide, reissues,
                lastCloseNanos, lastClosePoints);
    }

    /** Stops the writing threads. */
    void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
