package jp.ami.switching;

import java.nio.file.Path;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * The switching service's own journal: a Chronicle Queue in its own directory holding one JSON text document
 * per state change (see {@link Events} for the document shape). A change is appended — and the append has
 * returned — before the change becomes visible or is acknowledged; on start the whole journal is replayed.
 * A document is atomic: a crash leaves it either complete or absent. An append that has returned survives a
 * crash of the process ({@code kill -9}); power loss is not covered (no fsync), as for the head-end journal.
 */
public final class SwitchingJournal implements AutoCloseable {
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final Path dir;

    private SwitchingJournal(Path dir) {
        this.dir = dir;
        this.queue = SingleChronicleQueueBuilder.single(dir.toFile()).build();
        this.appender = queue.createAppender();
    }

    /** Opens (creating if needed) the journal in {@code dir}. */
    public static SwitchingJournal open(Path dir) {
        return new SwitchingJournal(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Appends one document; when this returns it is in the journal. Thread-safe (serialised). */
    public synchronized long append(String json) {
        appender.singleThreadedCheckReset();
        appender.writeText(json);
        return appender.lastIndexAppended();
    }

    /** Feeds every document, oldest first, to {@code sink}; returns how many. */
    public long replay(Consumer<String> sink) {
        long n = 0;
        try (ExcerptTailer t = queue.createTailer().toStart()) {
            String s;
            while ((s = t.readText()) != null) {
                sink.accept(s);
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized void close() {
        appender.close();
        queue.close();
    }
}
