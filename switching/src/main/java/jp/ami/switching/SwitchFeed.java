package jp.ami.switching;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import jp.ami.switching.Events.SwitchEffect;

/**
 * The switch feed: every switch the service ever decided ({@link jp.ami.model.SupplyRegistry#scheduleSwitch}), numbered 1, 2, 3 …
 * in journal order, served on loopback as {@code GET /internal/switches?after=SEQ[&limit=N]} so that an MDMS in
 * another process follows the same decisions (its {@code SwitchFollower}). The front does not forward
 * {@code /internal/…} (its routes are an allow-list of {@code /switching/…}); no operator header is needed.
 *
 * <p><b>Why a feed over HTTP rather than the MDMS tailing the switching journal:</b> the journal's document shape
 * ({@link Events}) is this module's private event sourcing and changes with its rules; the feed is a small, stable
 * contract (point, from-slot, retailer), it works when the two processes do not share a disk, and the MDMS keeps
 * its own copy of what it received, so it does not depend on the switching files being readable at its start-up.
 *
 * <p><b>Sequence numbers</b> are the position of the switch among all switches of the journal; they are the same
 * after every restart, because the start-up replay re-applies the same documents in the same order through
 * {@link SwitchingState} (the only place switches are added). A repeat of a poll gives the same entries.
 *
 * <p><b>Settled horizon.</b> Each answer says up to which slot the list is final: {@code settledSlot} = the first
 * slot of {@code settledBefore}, the earliest date for which a new switch may still appear. That is the earlier of
 * (a) the first date whose matching deadline has not passed on the service's clock — a start, stop, 廃止取次 or date
 * change for it can still be filed — and (b) the earliest date of a switching application still processing — the
 * next matching batch may still match it (normally before its deadline; after an outage of the service possibly
 * later). Every switch with {@code fromSlot < settledSlot} is in the feed. Dates before (a) are refused by
 * {@link SwitchDates#checkFuture}, so the horizon only moves forward. The MDMS finalises slot {@code k} only when
 * it has applied a complete answer with {@code settledSlot > k}; with the default 12-hour deadline the horizon runs
 * 12–36 hours ahead of the clock, so a switching outage shorter than that does not hold the MDMS up.
 *
 * <pre>
 * GET /internal/switches?after=0
 * 200 {"after":0,"last":2,"more":false,"settledBefore":"2026-11-24","settledSlot":987650,"now":"2026-11-23T03:00:00Z",
 *      "switches":[{"seq":1,"point":"03…","fromSlot":987602,"retailer":"R0003","decidedAt":"2026-11-22T01:20:00Z"}, …]}
 * </pre>
 * {@code last} = the highest sequence number answered (= {@code after} when none); {@code more} = true when
 * {@code limit} (default and at most 10 000) cut the list: the horizon then does not yet cover the entries not sent.
 * Thread-safety: entries are added and read under the {@link SwitchingService}'s lock.
 */
public final class SwitchFeed {
    /** The path of the feed. */
    public static final String PATH = "/internal/switches";
    static final int MAX_LIMIT = 10_000;

    /** One decided switch. */
    public record Entry(long seq, SupplyPointId point, long fromSlot, OperatorCode retailer, Instant decidedAt) {
    }

    /** One answer of the feed. */
    public record Page(long after, long last, boolean more, LocalDate settledBefore, Instant now, List<Entry> switches) {
        public long settledSlot() {
            return Slots.index(settledBefore, 1);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private long cachedAtEvents = -1;
    private LocalDate cachedProcessingMin;

    /** Called for every switch applied (commit and replay), in journal order. */
    void add(SwitchEffect s, Instant decidedAt) {
        entries.add(new Entry(entries.size() + 1L, s.point(), s.fromSlot(), s.retailer(), decidedAt));
    }

    /** Number of switches so far (= the last sequence number). */
    long size() {
        return entries.size();
    }

    /**
     * The entries after {@code after} (at most {@code limit}) and the settled horizon at {@code now}; {@code events}
     * identifies the state (the earliest processing date is recomputed only when it changed).
     */
    Page page(long after, int limit, Instant now, SwitchDates dates, Collection<Application> apps, long events) {
        if (after < 0) {
            throw new InvalidValueException("after", after, "must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", limit, "must be 1–" + MAX_LIMIT);
        }
        int from = (int) Math.min(after, entries.size());
        int to = (int) Math.min((long) from + limit, entries.size());
        List<Entry> out = List.copyOf(entries.subList(from, to));
        long last = out.isEmpty() ? after : out.get(out.size() - 1).seq();
        return new Page(after, last, to < entries.size(), settledBefore(now, dates, apps, events), now, out);
    }

    /** The earliest date for which a switch may still be decided (see the class javadoc). */
    LocalDate settledBefore(Instant now, SwitchDates dates, Collection<Application> apps, long events) {
        LocalDate open = LocalDate.ofInstant(now, Slots.JST); // its deadline (00:00 − deadlineBefore) has passed
        while (!dates.deadline(open).isAfter(now)) {
            open = open.plusDays(1); // → the first date whose deadline has not passed
        }
        if (events != cachedAtEvents) {
            LocalDate min = null;
            for (Application a : apps) {
                if (a.type().isSwitching() && a.status() == Status.PROCESSING && a.date() != null
                        && (min == null || a.date().isBefore(min))) {
                    min = a.date();
                }
            }
            cachedProcessingMin = min;
            cachedAtEvents = events;
        }
        return cachedProcessingMin != null && cachedProcessingMin.isBefore(open) ? cachedProcessingMin : open;
    }

    /** {@code GET /internal/switches?after=&limit=} (the route is registered in {@link SwitchingRoutes}). */
    static FullHttpResponse handle(SwitchingService service, FullHttpRequest req, QueryStringDecoder q) {
        if (!HttpMethod.GET.equals(req.method())) {
            FullHttpResponse r = JsonResponses.error(405, "method", req.method().name(),
                    "method: \"" + req.method() + "\" not allowed; use GET");
            r.headers().set(HttpHeaderNames.ALLOW, "GET");
            return r;
        }
        Page p = service.switchesAfter(number(q, "after", 0), (int) number(q, "limit", MAX_LIMIT));
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("after", p.after()).put("last", p.last()).put("more", p.more())
                .put("settledBefore", p.settledBefore().toString()).put("settledSlot", p.settledSlot()).put("now", p.now().toString());
        ArrayNode a = n.putArray("switches");
        for (Entry e : p.switches()) {
            a.addObject().put("seq", e.seq()).put("point", e.point().value()).put("fromSlot", e.fromSlot())
                    .put("retailer", e.retailer().value()).put("decidedAt", e.decidedAt().toString());
        }
        return JsonResponses.json(200, n);
    }

    private static long number(QueryStringDecoder q, String name, long absent) {
        List<String> v = q.parameters().get(name);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(v.get(0));
        } catch (NumberFormatException e) {
            throw new InvalidValueException(name, v.get(0), "must be a whole number");
        }
    }
}
