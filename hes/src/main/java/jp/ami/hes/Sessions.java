package jp.ami.hes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import jp.ami.protocol.recollect.RecollectRequest;

/**
 * Per source {@link Routes route}, the session a transport reaches the source by (a TCP channel, a CoAP address),
 * learned from the header of each batch frame the source sends: what a {@link RecollectSender} sends its requests
 * over and lists as its sources. Thread-safe.
 *
 * @param <S> the transport's session
 */
public final class Sessions<S> {
    private final Map<Long, S> byRoute = new ConcurrentHashMap<>();
    private final Predicate<S> open;

    /** @param open whether a session can still carry a request (a closed TCP channel cannot) */
    public Sessions(Predicate<S> open) {
        this.open = open;
    }

    /** A batch from source {@code sourceId} (u32) on path code {@code pathCode} came over {@code session}; other paths than 1–3 are ignored. */
    public void learn(int pathCode, long sourceId, S session) {
        if (pathCode >= 1 && pathCode <= 3) {
            byRoute.put(Routes.of(pathCode, sourceId), session);
        }
    }

    /** The latest session of the request's source, or null when none is known. */
    public S of(RecollectRequest request) {
        return byRoute.get(Routes.of(request.path().code(), request.sourceId()));
    }

    /** Forgets every source of {@code session} (identity), e.g. when a connection closes. */
    public void forget(S session) {
        byRoute.values().removeIf(s -> s == session);
    }

    /** The routes of the sources whose session is open. */
    public long[] sources() {
        return byRoute.entrySet().stream().filter(e -> open.test(e.getValue())).mapToLong(Map.Entry::getKey).toArray();
    }
}
