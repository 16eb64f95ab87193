package jp.ami.front;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The one request in flight on a connection, from its headers to the end of its response. The
 * {@link ExchangeHandler} of the connection makes it and sends it down the pipeline as a message; each handler
 * after it either passes it on (having added what it decided: route, body) or ends it with {@link #refuse}.
 * Its fields are what those handlers share and what the audit line reports. Used on the connection's event
 * loop only.
 */
final class Exchange {
    final HttpRequest request;
    final ClientIdentity identity;
    /** When the request arrived (the audit line's {@code time}). */
    final Instant time;
    final long startNanos = System.nanoTime();
    private final ExchangeHandler owner;

    /** Response status sent to the client, 0 while none was; response body bytes sent. */
    int status;
    long bytes;
    /** The response is complete or abandoned: nothing more is relayed. */
    boolean done;
    /** Audited, and no longer its connection's current exchange. */
    boolean finished;

    /** Set by {@link RouteHandler}: where the request goes, with its canonical URI. */
    RequestRouter.Route route;
    String uri;
    /** Set by {@link RequestBodyHandler}: the whole body to forward, until {@link ProxyHandler} takes it. */
    ByteBuf body;

    /** The backend side, kept by {@link ProxyHandler}. */
    Channel backend;
    ScheduledFuture<?> timeout;
    long lastBackendActivity;
    boolean headersSent;
    boolean paused;
    boolean keepAlive;

    Exchange(HttpRequest request, ClientIdentity identity, Instant time, ExchangeHandler owner) {
        this.request = request;
        this.identity = identity;
        this.time = time;
        this.owner = owner;
    }

    /** Answers with an error response, counted under {@code reason}, and ends the exchange ({@link ExchangeHandler#refuse}). */
    void refuse(HttpResponseStatus status, Rejection reason) {
        owner.refuse(this, status, reason);
    }

    /** Ends the exchange once its response is written ({@link ExchangeHandler#finish}). */
    void finish(boolean keepConnection) {
        owner.finish(this, keepConnection);
    }

    /** Whether the connection may serve another request after this one: the client asked so and sent no other yet. */
    boolean mayKeepConnection() {
        return owner.mayKeepConnection(this);
    }

    AuditLog.Entry entry(SocketAddress remote) {
        String address = remote instanceof InetSocketAddress isa ? isa.getAddress().getHostAddress() : null;
        return new AuditLog.Entry(time, identity == null ? null : identity.operatorCode(),
                identity == null ? null : identity.serialHex(), address, request.method().name(), request.uri(),
                status, bytes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }
}
