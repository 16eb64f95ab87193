package jp.ami.front;

import io.netty.channel.ChannelHandlerContext;

/**
 * Refusing a connection before any request is handled: counted under its reason ({@link RejectionCounters}), written
 * to the audit log as {@code connection-rejected} ({@link AuditLog#connectionRejected}) and closed. What the
 * connection-limit and client-certificate handlers share.
 */
record ConnectionRejections(RejectionCounters counters, AuditLog audit) {
    /** Refuses the connection of {@code ctx} for {@code reason}; {@code identity} is the client's when known, else null. */
    void reject(ChannelHandlerContext ctx, ClientIdentity identity, Rejection reason) {
        counters.increment(reason);
        audit.connectionRejected(ctx.channel().remoteAddress(), identity, reason);
        ctx.close();
    }
}
