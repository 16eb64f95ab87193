package jp.ami.mdms.slots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ExportIndex;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.xml.FileNames;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;

/**
 * Publishes files into the retailers' outboxes: the per-slot files of a slot (first issue or revision) and the
 * per-day files of a JST day, each retailer's points in ID order, split every {@link MdmsConfig#recordsPerFile()}
 * points, and tells the {@link EngineListeners} of every file, in file order, on the engine thread.
 *
 * <p>A slot's files are written by a small pool ({@link #THREADS}, one {@link SlotFileWriter} each) while the
 * engine thread writes the slot's rows to the store; the engine thread waits for every file before announcing
 * them, so what is published, and in what order it is announced, is the same as single-threaded.
 */
final class SlotPublisher implements AutoCloseable {
    /** Threads writing a slot's files (XML + deflate dominate finalisation at scale): one per core, at most 4. */
    static final int THREADS = Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors()));

    /** One file of a slot to write: retailer index, file name, the range of the grouped points, split number. */
    private record FileJob(int retailer, String name, int from, int to, int split) {
    }

    private final int recordsPerFile;
    private final MasterData master;
    private final SupplyRegistry registry;
    private final DayValues days;
    private final ExportIndex exportIndex;
    private final DayValues exportDays;
    private final SlotFileWriter fileWriter;
    private final ThreadLocal<SlotFileWriter> poolWriters;
    private final Outbox outbox;
    private final Clock clock;
    private final FileOrder order;
    private final EngineListeners listeners;
    private final EngineCounters counters;
    private ExecutorService pool;

    SlotPublisher(MdmsConfig config, MasterData master, FileOrder order, DayValues days, ExportIndex exportIndex, DayValues exportDays,
                  SlotFileWriter fileWriter, Outbox outbox, Clock clock, EngineListeners listeners, EngineCounters counters) {
        this.exportIndex = exportIndex;
        this.exportDays = exportDays;
        this.recordsPerFile = config.recordsPerFile();
        this.master = master;
        this.registry = master.registry();
        this.days = days;
        this.fileWriter = fileWriter;
        this.poolWriters = ThreadLocal.withInitial(() -> new SlotFileWriter(config));
        this.outbox = outbox;
        this.clock = clock;
        this.order = order;
        this.listeners = listeners;
        this.counters = counters;
        order.points(registry.size()); // the file order, once at start-up rather than inside the first slot's finalisation
    }

    /**
     * Publishes the slot files of {@code v} of every retailer (or of those in {@code only}) and runs
     * {@code storeWrite} on this thread meanwhile; returns how many files.
     */
    int publishSlot(SlotValues v, BitSet only, LocalDateTime createdAt, Runnable storeWrite) {
        int n = v.count();
        int rc = registry.retailerCount();
        int[] start = new int[rc + 1];
        int[] grouped = groupByRetailer(v, order.points(n), n, start);
        List<FileJob> jobs = slotJobs(v, start, only);
        long[] sizes = write(v, jobs, grouped, createdAt, storeWrite);
        for (int j = 0; j < jobs.size(); j++) {
            FileJob job = jobs.get(j);
            published(registry.retailer(job.retailer()), job.name(), v.slotIndex(), sizes[j]);
        }
        return jobs.size();
    }

    /**
     * The first {@code n} points of {@code order} grouped by their retailer in {@code v}, keeping their order within
     * each group: only while the slot is published (4 B per point not kept between slots). Fills {@code start} with
     * where each retailer's group starts ({@code start[r] … start[r + 1]}).
     */
    private static int[] groupByRetailer(SlotValues v, int[] order, int n, int[] start) {
        int rc = start.length - 1;
        for (int i = 0; i < n; i++) {
            start[v.retailer(order[i]) + 1]++;
        }
        for (int r = 0; r < rc; r++) {
            start[r + 1] += start[r];
        }
        int[] grouped = new int[n];
        int[] fill = Arrays.copyOf(start, rc);
        for (int i = 0; i < n; i++) {
            int p = order[i];
            grouped[fill[v.retailer(p)]++] = p;
        }
        return grouped;
    }

    /** The files of the slot: per retailer with points (and in {@code only}), one per {@link #recordsPerFile} points. */
    private List<FileJob> slotJobs(SlotValues v, int[] start, BitSet only) {
        List<FileJob> jobs = new ArrayList<>();
        for (int r = 0; r < start.length - 1; r++) {
            if (start[r] == start[r + 1] || (only != null && !only.get(r))) {
                continue;
            }
            int split = 1;
            for (int from = start[r]; from < start[r + 1]; from += recordsPerFile, split++) {
                jobs.add(new FileJob(r, FileNames.perSlotZip(v.slotIndex(), v.revision(), split), from,
                        Math.min(start[r + 1], from + recordsPerFile), split));
            }
        }
        return jobs;
    }

    /** Writes the jobs' files (on the pool when there are several) and the store rows; returns the file sizes. */
    private long[] write(SlotValues v, List<FileJob> jobs, int[] points, LocalDateTime createdAt, Runnable storeWrite) {
        long[] sizes = new long[jobs.size()];
        if (jobs.size() < 2 || THREADS < 2) {
            storeWrite.run();
            for (int j = 0; j < jobs.size(); j++) {
                sizes[j] = writeSlotFile(v, jobs.get(j), points, createdAt, fileWriter);
            }
            return sizes;
        }
        List<Future<?>> futures = new ArrayList<>(jobs.size());
        for (int j = 0; j < jobs.size(); j++) {
            int jj = j;
            futures.add(pool().submit(() -> sizes[jj] = writeSlotFile(v, jobs.get(jj), points, createdAt, poolWriters.get())));
        }
        RuntimeException storeFailure = null;
        try {
            storeWrite.run();
        } catch (RuntimeException e) {
            storeFailure = e;
        }
        awaitAll(futures, v.slotIndex());
        if (storeFailure != null) {
            throw storeFailure;
        }
        return sizes;
    }

    private ExecutorService pool() {
        if (pool == null) {
            AtomicInteger k = new AtomicInteger();
            pool = Executors.newFixedThreadPool(THREADS, r -> {
                Thread t = new Thread(r, "mdms-publish-" + k.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Waits for every file; the first failure is rethrown (unchecked as it was). */
    private static void awaitAll(List<Future<?>> futures, long slotIndex) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing slot " + slotIndex, e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
            }
        }
    }

    private long writeSlotFile(SlotValues v, FileJob job, int[] points, LocalDateTime createdAt, SlotFileWriter writer) {
        OperatorCode retailer = registry.retailer(job.retailer());
        try {
            return outbox.publish(retailer, job.name(),
                    out -> writer.writeZip(v, retailer, points, job.from(), job.to(), job.split(), createdAt, out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + job.name() + " of slot " + v.slotIndex() + " for " + retailer, e);
        }
    }

    /**
     * Publishes the per-day files of JST day {@code epochDay} as revision {@code revision} for the retailers in
     * {@code retailers}: each with the points it supplies in any slot of the day; returns how many files.
     */
    int publishDay(long epochDay, int revision, BitSet retailers, LocalDateTime createdAt) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        long first = Slots.firstOfDay(epochDay);
        int n = registry.size();
        int[] ordered = order.points(n);
        int files = 0;
        try {
            for (int r = retailers.nextSetBit(0); r >= 0; r = retailers.nextSetBit(r + 1)) {
                int[] mine = FileOrder.ofRetailerOnDay(registry, ordered, n, r, first);
                OperatorCode retailer = registry.retailer(r);
                int ri = r;
                int split = 1;
                for (int from = 0; from < mine.length; from += recordsPerFile, split++) {
                    int f = from;
                    int to = Math.min(mine.length, from + recordsPerFile);
                    int sp = split;
                    String name = FileNames.perDayZip(date, revision, split);
                    long size = outbox.publish(retailer, name, out -> fileWriter.writeDayZip(date, revision, sp, master, retailer, ri,
                            mine, f, to, days, exportIndex, exportDays, createdAt, out));
                    published(retailer, name, first + Slots.SLOTS_PER_DAY - 1, size);
                    files++;
                    counters.dayFiles++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish per-day files of " + date, e);
        }
        return files;
    }

    private void published(OperatorCode retailer, String name, long slotIndex, long size) {
        Instant at = clock.instant();
        counters.filePublished(retailer);
        listeners.filePublished(retailer, name, slotIndex, size, at);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
