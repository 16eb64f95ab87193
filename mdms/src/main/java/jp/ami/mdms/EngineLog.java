package jp.ami.mdms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The MDMS's write-ahead log of engine events, {@code <dataDir>/engine-events.log}: where in the journal each
 * non-reading event happened, so a restart replays exactly the same sequence.
 *
 * <h2>Format</h2>
 * US-ASCII text, one event per line: a kind letter and its fields, separated by one space each, ended by
 * {@code '\n'}; every field is a decimal {@code long} (slot indexes as in {@code Slots}, document counts from the
 * start of the journal).
 * <pre>
 * line                    meaning
 * ----------------------  ----------------------------------------------------------------------------------
 * E &lt;from&gt; &lt;to&gt; &lt;docs&gt;   slots from…to (inclusive) announced after {@code docs} journal documents were consumed
 * T &lt;slot&gt; &lt;docs&gt;        tick: the slot finalised after {@code docs} documents (logged BEFORE its side effects)
 * D &lt;slot&gt;               the tick's side effects (rows, files) are complete
 * C &lt;id&gt; &lt;docs&gt;          operator correction {@code id} ({@code corrections.log}) applied after {@code docs} documents
 *                         (logged BEFORE its side effects)
 * K &lt;id&gt;                 the correction's side effects are complete
 * R &lt;slot&gt; &lt;rev&gt; &lt;docs&gt;  an on-demand re-issue took revision {@code rev} of the slot after {@code docs} documents
 *                         (logged BEFORE its files are published)
 * Y &lt;day&gt; &lt;rev&gt; &lt;docs&gt;   the same for the per-day files of JST epoch day {@code day}
 * </pre>
 * For example {@code E 997413 997416 0}, {@code T 997413 52}, {@code D 997413}. E, T and C lines are the replayed
 * {@link Event}s, in file order, and so are R and Y (replaying them moves the engine's revision numbers on as live, so
 * a restart never reuses a number a re-issue gave out); D and K lines only mark ticks and corrections done.
 *
 * <p>Lines are appended with a plain write (no fsync): like the journal, the log survives a process crash
 * (page cache), not a power loss. When the log is opened it is read up to the first line that does not parse (a
 * torn last line after a crash mid-write, or anything after the last {@code '\n'}) and cut off there.
 */
public final class EngineLog implements AutoCloseable {
    /** One logged event; {@code kind} is 'E', 'T' or 'C' (a = the correction's id). */
    public record Event(char kind, long a, long b, long docs) {
        /** The event's line: its kind, {@code a}, {@code b} (E, R and Y only) and {@code docs}. */
        String line() {
            return kind == 'T' || kind == 'C' ? kind + " " + a + " " + docs + "\n" : kind + " " + a + " " + b + " " + docs + "\n";
        }
    }

    private final Path file;
    private final LineLog log;
    private final List<Event> events = new ArrayList<>();
    private final Set<Long> done = new HashSet<>();
    private final Set<Long> correctionsDone = new HashSet<>();

    private EngineLog(Path file) {
        this.file = file;
        this.log = new LineLog(file, "engine log", this::parse);
    }

    public static EngineLog open(Path file) {
        return new EngineLog(file);
    }

    private boolean parse(String[] f) {
        switch (f[0]) {
            case "E", "R", "Y" -> events.add(new Event(f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
            case "T", "C" -> events.add(new Event(f[0].charAt(0), Long.parseLong(f[1]), 0, Long.parseLong(f[2])));
            case "D" -> done.add(Long.parseLong(f[1]));
            case "K" -> correctionsDone.add(Long.parseLong(f[1]));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The E, T and C events logged so far, in order (a copy, as read at open plus appended since). */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Number of E, T and C events logged. */
    public synchronized int eventCount() {
        return events.size();
    }

    /** True when slot {@code slot}'s tick completed (a D line). */
    public synchronized boolean isDone(long slot) {
        return done.contains(slot);
    }

    public synchronized void expect(long from, long to, long docs) {
        event('E', from, to, docs);
    }

    public synchronized void tick(long slot, long docs) {
        event('T', slot, 0, docs);
    }

    /** True when correction {@code id}'s side effects completed (a K line). */
    public synchronized boolean isCorrectionDone(long id) {
        return correctionsDone.contains(id);
    }

    /** An on-demand re-issue took revision {@code revision} of slot {@code slot} (event R). */
    public synchronized void reissueSlotRevision(long slot, int revision, long docs) {
        event('R', slot, revision, docs);
    }

    /** An on-demand re-issue took revision {@code revision} of the per-day files of JST epoch day {@code day} (event Y). */
    public synchronized void reissueDayRevision(long day, int revision, long docs) {
        event('Y', day, revision, docs);
    }

    public synchronized void correction(long id, long docs) {
        event('C', id, 0, docs);
    }

    public synchronized void correctionDone(long id) {
        mark(correctionsDone, 'K', id);
    }

    public synchronized void done(long slot) {
        mark(done, 'D', slot);
    }

    private void event(char kind, long a, long b, long docs) {
        Event e = new Event(kind, a, b, docs);
        events.add(e);
        log.append(e.line(), false);
    }

    /** A D or K line: slot or correction {@code id} is done. */
    private void mark(Set<Long> marks, char kind, long id) {
        marks.add(id);
        log.append(kind + " " + id + "\n", false);
    }

    @Override
    public synchronized void close() {
        log.close();
    }
}
