package jp.ami.front;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The identified (post-handshake) connections, so that a suspension or a revocation can close the
 * connections already open. Channels are removed when they close.
 */
final class ConnectionRegistry {
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final AuditLog audit;

    ConnectionRegistry(AuditLog audit) {
        this.audit = audit;
    }

    void add(Channel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(f -> channels.remove(channel));
    }

    int size() {
        return channels.size();
    }

    /**
     * Closes every connection for which {@code verdict} returns a reason (non-null), counting and auditing it.
     *
     * @return how many were closed
     */
    int closeWhere(Function<ClientIdentity, Rejection> verdict, RejectionCounters counters) {
        int closed = 0;
        for (Channel ch : channels) {
            ClientIdentity id = ch.attr(ClientCertificateHandler.IDENTITY).get();
            Rejection reason = id == null ? null : verdict.apply(id);
            if (reason != null) {
                channels.remove(ch);
                counters.increment(reason);
                audit.connectionClosed(ch.remoteAddress(), id, reason);
                ch.close();
                closed++;
            }
        }
        return closed;
    }

    /** For reports: open identified connections per operator. */
    Map<String, Long> perOperator() {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (Channel ch : channels) {
            ClientIdentity id = ch.attr(ClientCertificateHandler.IDENTITY).get();
            if (id != null) {
                m.merge(id.operatorCode(), 1L, Long::sum);
            }
        }
        return m;
    }
}
