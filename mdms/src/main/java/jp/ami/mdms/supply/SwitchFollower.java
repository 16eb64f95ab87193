package jp.ami.mdms.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import jp.ami.service.PollingThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a standalone MDMS follow a standalone switching service's decisions: the one source of truth for who
 * supplies which point when is the switching journal; the MDMS reads it through the switching service's internal
 * feed {@code GET <switchingUrl>/internal/switches?after=SEQ} (the switching module's {@code SwitchFeed}) and keeps
 * what it applied in its {@link SwitchLedger}.
 *
 * <h2>Why an HTTP feed, not tailing the switching journal</h2>
 * The switching journal's documents are that module's private event sourcing (they change with its rules, and the
 * MDMS would have to re-implement their replay); the feed is three fields per switch plus a sequence number, needs no
 * shared disk, and makes the MDMS depend on the switching service's contract, not its files.
 *
 * <h2>Determinism and crash safety</h2>
 * <ul>
 *   <li><b>Same registry at restart as live.</b> At construction the whole ledger is applied to the registry, before
 *       the engine replays anything; then {@link #start()} polls from the ledger's last sequence number. Every switch
 *       is written to the ledger before it is applied to the registry.</li>
 *   <li><b>Every switch for slot S before S is finalised.</b> Each complete answer of the feed carries its settled
 *       horizon {@code settledSlot}: every switch from a slot before it is in the feed (the matching deadline is before
 *       the switch date, so the horizon runs 12–36 hours ahead of the clock with the default deadline). The engine
 *       finalises slot {@code k} only when {@link #allows(long) k < settledSlot}; otherwise it holds (and stops
 *       consuming the head-end journal, so no reading received after the cut-off counts for the first issue), logs it
 *       once per slot and counts it ({@link #heldSlots()}). The horizon is in the ledger too, so a restarted MDMS may
 *       finalise up to it while the switching service is down.</li>
 *   <li><b>Late switches</b> (from a slot already finalised — only possible when the switching service matched after
 *       the deadline, e.g. after an outage across it): applied from the first slot not yet finalised, logged as an error
 *       and counted ({@link #lateSwitches()}); what was issued stays issued. With this every ledger entry is effective
 *       only after every tick that preceded it, so applying the whole ledger at start-up changes no replayed tick.</li>
 *   <li><b>Idempotent.</b> An entry whose sequence number is not above the ledger's is skipped; re-applying a switch to
 *       the registry (same slot, same retailer) changes nothing.</li>
 * </ul>
 *
 * <p>Threads: one polling thread ({@code mdms-switching}: the HTTP calls, with Failsafe retries and back-off) hands
 * answers to the engine thread, which alone calls {@link #applyPending}, {@link #allows} and {@link #held}.
 */
public final class SwitchFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchFollower.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One switch of the feed. */
    record Switch(long seq, SupplyPointId point, long fromSlot, OperatorCode retailer) {
    }

    /** One complete or partial answer of the feed. */
    record Page(List<Switch> switches, long last, boolean more, long settledSlot) {
    }

    private final URI feed;
    private final Duration pollInterval;
    private final SupplyRegistry registry;
    private final SwitchLedger ledger;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final RetryPolicy<HttpResponse<String>> retry;
    private final Queue<Page> pages = new ConcurrentLinkedQueue<>();
    private final PollingThread thread;
    /** The settled horizon of the last page queued (polling thread only). */
    private long queuedSettled = Long.MIN_VALUE;
    private volatile long cursor;
    private volatile long settledSlot;
    private volatile long lateSwitches;
    private volatile long heldSlots;
    private volatile long unknownPoints;
    private volatile long polls;
    private volatile long failedPolls;
    private volatile boolean reachable = true;
    private long lastHeld = Long.MIN_VALUE;

    /**
     * Opens the ledger {@code ledgerFile} and applies every switch in it to {@code registry}; call {@link #start()} to
     * follow {@code switchingUrl} (e.g. {@code http://127.0.0.1:8084}).
     */
    public SwitchFollower(URI switchingUrl, Duration pollInterval, SupplyRegistry registry, Path ledgerFile) {
        String base = switchingUrl.toString();
        this.feed = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/internal/switches");
        this.pollInterval = pollInterval;
        this.registry = registry;
        this.ledger = SwitchLedger.open(ledgerFile);
        for (SwitchLedger.Applied a : ledger.switches()) {
            schedule(a);
        }
        this.cursor = ledger.lastSeq();
        this.settledSlot = ledger.settledSlot();
        this.retry = RetryPolicy.<HttpResponse<String>>builder()
                .handle(IOException.class)
                .handleResultIf(r -> r.statusCode() >= 500)
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .withMaxRetries(4)
                .build();
        this.thread = new PollingThread("mdms-switching", this::pollOnce);
        LOG.info("switches: {} applied from the ledger (last seq {}), settled before slot {}; following {}",
                ledger.switches().size(), ledger.lastSeq(), describe(settledSlot), feed);
    }

    /** Starts the polling thread. */
    public void start() {
        thread.start();
    }

    private void schedule(SwitchLedger.Applied a) {
        if (registry.indexOf(a.point()) < 0) {
            unknownPoints++;
            LOG.error("switch {}: supply point {} is not in the master data; ignored", a.seq(), a.point());
            return;
        }
        registry.scheduleSwitch(a.point(), a.effectiveSlot(), a.retailer());
    }

    // ------------------------------------------------------------ polling thread

    /** One poll of the feed (the polling thread's step): queues what changed, parks when there is nothing more. */
    private void pollOnce() {
        Page p;
        try {
            p = poll(cursor);
        } catch (RuntimeException e) {
            failedPolls++;
            if (reachable) {
                LOG.warn("switching feed {} unreachable ({}); holding at the settled horizon {} until it answers",
                        feed, e.getMessage(), describe(settledSlot));
                reachable = false;
            }
            LockSupport.parkNanos(pollInterval.toNanos());
            return;
        }
        polls++;
        if (!reachable) {
            LOG.info("switching feed {} answers again", feed);
            reachable = true;
        }
        if (!p.switches().isEmpty() || p.more() || p.settledSlot() != queuedSettled) {
            pages.add(p);
            queuedSettled = p.settledSlot();
        }
        cursor = p.last();
        if (!p.more()) {
            LockSupport.parkNanos(pollInterval.toNanos());
        }
    }

    private Page poll(long after) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(feed + "?after=" + after)).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> r;
        try {
            r = Failsafe.with(retry).get(() -> http.send(req, HttpResponse.BodyHandlers.ofString()));
        } catch (FailsafeException e) {
            throw new IllegalStateException(String.valueOf(e.getCause()), e);
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        try {
            JsonNode n = MAPPER.readTree(r.body());
            List<Switch> sw = new ArrayList<>();
            for (JsonNode s : n.path("switches")) {
                sw.add(new Switch(s.path("seq").asLong(), SupplyPointId.of(s.path("point").asText()), s.path("fromSlot").asLong(),
                        OperatorCode.of(s.path("retailer").asText())));
            }
            return new Page(sw, n.path("last").asLong(), n.path("more").asBoolean(), n.path("settledSlot").asLong());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable answer of " + feed + ": " + e, e);
        }
    }

    // ------------------------------------------------------------ engine thread

    /**
     * Applies the answers received since the last call (engine thread, live): each new switch is written to the
     * ledger, then scheduled in the registry — from its slot, or from {@code lastFinalized + 1} when that slot is
     * already finalised; a complete answer then moves the settled horizon. Returns the number of switches applied.
     */
    public int applyPending(long lastFinalized) {
        int n = 0;
        for (Page p = pages.poll(); p != null; p = pages.poll()) {
            boolean complete = !p.more();
            for (Switch s : p.switches()) {
                if (s.seq() <= ledger.lastSeq()) {
                    continue; // already applied (a repeated answer)
                }
                if (s.seq() != ledger.lastSeq() + 1) {
                    LOG.error("switching feed skipped from {} to {}: asking again", ledger.lastSeq(), s.seq());
                    cursor = ledger.lastSeq();
                    complete = false;
                    break;
                }
                long effective = s.fromSlot();
                if (lastFinalized != Long.MIN_VALUE && effective <= lastFinalized) {
                    effective = lastFinalized + 1;
                    lateSwitches++;
                    LOG.error("LATE SWITCH {}: {} to {} from slot {} ({}) arrived after slot {} was finalised; applied from slot {} ({})",
                            s.seq(), s.point(), s.retailer(), s.fromSlot(), Slots.start(s.fromSlot()), lastFinalized, effective,
                            Slots.start(effective));
                }
                SwitchLedger.Applied a = new SwitchLedger.Applied(s.seq(), s.point(), s.fromSlot(), s.retailer(), effective);
                ledger.append(a);
                schedule(a);
                n++;
                LOG.info("switch {}: {} supplied by {} from slot {} ({})", s.seq(), s.point(), s.retailer(), effective, Slots.start(effective));
            }
            if (complete && p.last() <= ledger.lastSeq() && p.settledSlot() > settledSlot) {
                ledger.settled(p.settledSlot());
                settledSlot = p.settledSlot();
            }
        }
        return n;
    }

    /** True when slot {@code slotIndex} may be finalised: every switch from it or before it has been applied. */
    public boolean allows(long slotIndex) {
        return slotIndex < settledSlot;
    }

    /** The engine holds slot {@code slotIndex} for the horizon: logged once per slot, counted. */
    public void held(long slotIndex) {
        if (slotIndex != lastHeld) {
            lastHeld = slotIndex;
            heldSlots++;
            LOG.warn("HOLDING slot {} ({}): the switching feed {} is settled only before slot {} ({}); not finalising it until it is",
                    slotIndex, Slots.start(slotIndex), feed, describe(settledSlot), settledSlot == Long.MIN_VALUE ? "-" : Slots.start(settledSlot));
        }
    }

    private static String describe(long slot) {
        return slot == Long.MIN_VALUE ? "none (never answered)" : Long.toString(slot);
    }

    /** Highest sequence number applied. */
    public long lastSeq() {
        return ledger.lastSeq();
    }

    /** Slots before this may be finalised ({@code Long.MIN_VALUE}: none yet). */
    public long settledSlot() {
        return settledSlot;
    }

    /** Switches that arrived after their slot was finalised. */
    public long lateSwitches() {
        return lateSwitches;
    }

    /** Slots the engine held for the horizon (each counted once). */
    public long heldSlots() {
        return heldSlots;
    }

    /** Switches of points not in the master data (ignored). */
    public long unknownPoints() {
        return unknownPoints;
    }

    /** Successful and failed polls of the feed. */
    public long polls() {
        return polls;
    }

    public long failedPolls() {
        return failedPolls;
    }

    @Override
    public void close() {
        thread.close();
        ledger.close();
    }
}
