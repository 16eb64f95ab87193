package jp.ami.hes;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jp.ami.model.CommPath;

/**
 * Where the head-end's requests to meters go ({@link Recollector}, {@link BulkPuller}): per path, the transport that
 * reaches its sources. A request for a routed meter goes to its source; for an unrouted one (never heard from) to
 * every source with a session, each of which answers only for its own meters. Numbers the requests it is asked
 * for (1, 2, …, per instance). Thread-safe as its senders are.
 */
final class RouteSenders {
    /** Sends to one source; returns what the caller counts (requests, items), 0 when nothing was sent. */
    @FunctionalInterface
    interface Send {
        long to(RecollectSender sender, CommPath path, long sourceId);
    }

    private final Map<CommPath, RecollectSender> senders;
    private final AtomicLong requestIds = new AtomicLong();

    RouteSenders(Map<CommPath, RecollectSender> senders) {
        this.senders = Map.copyOf(senders);
    }

    /** The next request ID. */
    long nextRequestId() {
        return requestIds.incrementAndGet();
    }

    /**
     * Sends to {@code route}'s source, or when it is {@link Routes#UNROUTED} to every source of every sender;
     * returns the sum of what the sends counted. A path without a sender counts 0.
     */
    long send(long route, Send send) {
        if (route != Routes.UNROUTED) {
            return sendTo(route, send);
        }
        long total = 0;
        for (RecollectSender sender : new LinkedHashSet<>(senders.values())) {
            for (long r : sender.sources()) {
                total += sendTo(r, send);
            }
        }
        return total;
    }

    private long sendTo(long route, Send send) {
        CommPath path = Routes.path(route);
        RecollectSender sender = senders.get(path);
        return sender == null ? 0 : send.to(sender, path, Routes.sourceId(route));
    }
}
