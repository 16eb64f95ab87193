package jp.ami.front;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the TLS handshake, then identifies the operator from the client certificate and stores a
 * {@link ClientIdentity} in the channel attribute {@link #IDENTITY}. Connections without a usable identity,
 * or refused by the {@link AccessPolicy}, are closed; failures are counted by reason.
 */
final class ClientCertificateHandler extends ChannelInboundHandlerAdapter {
    /** The authenticated client of a channel, set once the handshake succeeded. */
    static final AttributeKey<ClientIdentity> IDENTITY = AttributeKey.valueOf("jp.ami.front.identity");

    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateHandler.class);

    private final ConnectionRejections rejections;
    private final AccessPolicy policy;
    private final ClientTrustManager trust;
    private final ConnectionRegistry registry;
    private final TrafficCounters traffic;

    ClientCertificateHandler(ConnectionRejections rejections, AccessPolicy policy, ClientTrustManager trust,
                             ConnectionRegistry registry, TrafficCounters traffic) {
        this.rejections = rejections;
        this.policy = policy;
        this.trust = trust;
        this.registry = registry;
        this.traffic = traffic;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            Optional<Rejection> refused = ssl == null ? Optional.empty() : trust.takeRefusal(ssl.engine());
            traffic.handshake(done.isSuccess());
            if (done.isSuccess()) {
                onHandshake(ctx);
            } else {
                Rejection reason = refused.orElseGet(() -> classify(done.cause()));
                LOG.debug("TLS handshake from {} failed ({}): {}", ctx.channel().remoteAddress(), reason,
                        done.cause().toString());
                rejections.reject(ctx, null, reason);
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    private void onHandshake(ChannelHandlerContext ctx) {
        Optional<X509Certificate> cert = peerCertificate(ctx);
        if (cert.isEmpty()) {
            rejections.reject(ctx, null, Rejection.NO_CERTIFICATE);
            return;
        }
        Optional<ClientIdentity> identity = ClientIdentity.from(cert.get());
        if (identity.isEmpty()) {
            rejections.reject(ctx, null, Rejection.NO_OPERATOR);
            return;
        }
        // a resumed session skipped the trust manager: check what may have changed since
        Rejection now = trust.recheck(cert.get());
        if (now != null) {
            rejections.reject(ctx, identity.get(), now);
            return;
        }
        if (!policy.allows(identity.get().operatorCode(), cert.get())) {
            rejections.reject(ctx, identity.get(), Rejection.ACCESS_DENIED);
            return;
        }
        ctx.channel().attr(IDENTITY).set(identity.get());
        registry.add(ctx.channel());
        // a suspension that landed between the check above and the registration is not missed
        Rejection raced = trust.recheck(identity.get(), cert.get().getSerialNumber());
        if (raced != null) {
            rejections.reject(ctx, identity.get(), raced);
            return;
        }
        ctx.pipeline().remove(this);
    }

    /** Until the client is identified (this handler then removes itself), nothing reaches HTTP handling. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    private static Optional<X509Certificate> peerCertificate(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
                return Optional.of(x);
            }
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Maps a handshake failure to a rejection reason by its cause chain (JDK and OpenSSL wording). */
    static Rejection classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RejectedCertificateException r) {
                return r.reason();
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return Rejection.CERTIFICATE_EXPIRED;
            }
            if (t instanceof CertificateNotYetValidException) {
                return Rejection.CERTIFICATE_NOT_YET_VALID;
            }
        }
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(' ').append(t.getMessage());
        }
        String m = text.toString().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (m.contains("empty client certificate chain") || m.contains("peer did not return a certificate")
                || m.contains("certificate required") || m.contains("no client certificate")) {
            return Rejection.NO_CERTIFICATE;
        }
        if (m.contains("revoked")) {
            return Rejection.CERTIFICATE_REVOKED;
        }
        if (m.contains("expired")) {
            return Rejection.CERTIFICATE_EXPIRED;
        }
        if (m.contains("not yet valid")) {
            return Rejection.CERTIFICATE_NOT_YET_VALID;
        }
        if (m.contains("pkix") || m.contains("certpath") || m.contains("certificate verify failed")
                || m.contains("unable to find valid certification path") || m.contains("signature check failed")) {
            return Rejection.UNTRUSTED_CERTIFICATE;
        }
        return Rejection.TLS_HANDSHAKE;
    }
}
