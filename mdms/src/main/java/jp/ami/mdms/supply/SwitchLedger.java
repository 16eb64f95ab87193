package jp.ami.mdms.supply;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.ami.mdms.LineLog;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;

/**
 * The MDMS's own record of the switches it received from the switching service, {@code <dataDir>/switches.log}:
 * the registry is rebuilt from it at start-up (before the engine replays anything), so a restart sees exactly the
 * switches the crashed run had applied, whether or not the switching service answers.
 *
 * <h2>Format</h2>
 * US-ASCII text, one line per record, fields separated by one space, ended by {@code '\n'}:
 * <pre>
 * S &lt;seq&gt; &lt;point&gt; &lt;fromSlot&gt; &lt;retailer&gt; &lt;effectiveSlot&gt;   switch number seq of the feed, applied from effectiveSlot
 * H &lt;seq&gt; &lt;settledSlot&gt;                                 the feed up to seq is complete for every slot before settledSlot
 * </pre>
 * {@code effectiveSlot} is {@code fromSlot} unless the switch arrived after the MDMS had already finalised that
 * slot (a late switch): then it is the first slot not yet finalised, so applying the whole ledger at start-up gives
 * every tick the same registry it had live. Like the engine log: plain writes (survive a process crash, not a
 * power loss), a torn last line is cut off when the ledger is opened. Only the engine thread writes.
 */
public final class SwitchLedger implements AutoCloseable {
    /** One applied switch. */
    public record Applied(long seq, SupplyPointId point, long fromSlot, OperatorCode retailer, long effectiveSlot) {
    }

    private final Path file;
    private final LineLog log;
    private final List<Applied> switches = new ArrayList<>();
    private long lastSeq;
    private long settledSlot = Long.MIN_VALUE;

    private SwitchLedger(Path file) {
        this.file = file;
        this.log = new LineLog(file, "switch ledger", this::parse);
    }

    /** Opens (creating if needed) the ledger in {@code file}. */
    public static SwitchLedger open(Path file) {
        return new SwitchLedger(file);
    }

    private boolean parse(String[] f) {
        switch (f[0]) {
            case "S" -> {
                Applied a = new Applied(Long.parseLong(f[1]), SupplyPointId.of(f[2]), Long.parseLong(f[3]),
                        OperatorCode.of(f[4]), Long.parseLong(f[5]));
                if (a.seq() != lastSeq + 1) {
                    return false;
                }
                switches.add(a);
                lastSeq = a.seq();
            }
            case "H" -> settledSlot = Math.max(settledSlot, Long.parseLong(f[2]));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The switches applied, in sequence order (a copy). */
    public synchronized List<Applied> switches() {
        return List.copyOf(switches);
    }

    /** The highest sequence number applied (0 = none). */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** The settled horizon last recorded ({@code Long.MIN_VALUE} = never: no slot may be finalised). */
    public synchronized long settledSlot() {
        return settledSlot;
    }

    /** Records switch {@code a}, which must be the next in sequence. */
    public synchronized void append(Applied a) {
        if (a.seq() != lastSeq + 1) {
            throw new IllegalArgumentException("switch " + a.seq() + " after " + lastSeq);
        }
        write("S " + a.seq() + " " + a.point().value() + " " + a.fromSlot() + " " + a.retailer().value() + " " + a.effectiveSlot() + "\n");
        switches.add(a);
        lastSeq = a.seq();
    }

    /** Records that the feed up to {@link #lastSeq()} is complete before {@code slot}. */
    public synchronized void settled(long slot) {
        write("H " + lastSeq + " " + slot + "\n");
        settledSlot = Math.max(settledSlot, slot);
    }

    private void write(String line) {
        log.append(line, false);
    }

    @Override
    public synchronized void close() {
        log.close();
    }
}
