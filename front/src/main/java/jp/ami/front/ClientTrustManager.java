package jp.ami.front;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The front's client-certificate policy, applied inside the TLS handshake (JDK and OpenSSL providers alike,
 * so the client gets a TLS alert, not a half-open connection). Order of checks, each with its own
 * {@link Rejection} reason carried by a {@link RejectedCertificateException}:
 * <ol>
 *   <li>the leaf's validity period: {@link Rejection#CERTIFICATE_NOT_YET_VALID}, {@link Rejection#CERTIFICATE_EXPIRED};</li>
 *   <li>PKIX path validation against the trusted CA(s) only: {@link Rejection#UNTRUSTED_CERTIFICATE};</li>
 *   <li>the CRL: {@link Rejection#CERTIFICATE_REVOKED};</li>
 *   <li>an operator code in the subject: {@link Rejection#NO_OPERATOR};</li>
 *   <li>the suspension list: {@link Rejection#OPERATOR_SUSPENDED}.</li>
 * </ol>
 * A missing certificate never reaches a trust manager (the handshake fails with
 * {@link Rejection#NO_CERTIFICATE}). Before checking, the CRL and suspension list are refreshed if their
 * files changed ({@link CertificateStatus#refresh()}, two stat calls).
 *
 * <p>The validity period is checked against the front's clock (so is the validation cache's age); PKIX path
 * validation in the JDK checks it against the system clock as well, after the front's own check.
 */
final class ClientTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final List<X509Certificate> cas;
    private final CertificateStatus status;
    private final Runnable onStatusChange;
    private final Clock clock;
    /**
     * Chains that passed PKIX validation recently, so a retailer reconnecting with the same certificate does
     * not pay for path building and signature checks again: only successes are kept, for at most
     * {@link #VALIDATION_CACHE_MILLIS} and never past a certificate's notAfter; validity dates, revocation and
     * suspension are checked on every handshake regardless. Bounded: cleared when it reaches
     * {@link #VALIDATION_CACHE_SIZE} entries.
     */
    private final java.util.Map<List<X509Certificate>, Long> validated = new java.util.concurrent.ConcurrentHashMap<>();
    static final long VALIDATION_CACHE_MILLIS = 10 * 60 * 1000L;
    static final int VALIDATION_CACHE_SIZE = 4096;

    private void remember(List<X509Certificate> key, X509Certificate[] chain, long nowMillis) {
        long until = nowMillis + VALIDATION_CACHE_MILLIS;
        for (X509Certificate c : chain) {
            until = Math.min(until, c.getNotAfter().getTime());
        }
        if (validated.size() >= VALIDATION_CACHE_SIZE) {
            validated.clear();
        }
        validated.put(key, until);
    }

    /** Reason of a refusal per engine, for providers that do not keep the exception as the handshake cause. */
    private final java.util.Map<SSLEngine, Rejection> refusals = new java.util.concurrent.ConcurrentHashMap<>();

    /** A trust manager whose validity checks read {@code clock}. */
    ClientTrustManager(List<X509Certificate> cas, CertificateStatus status, Runnable onStatusChange, Clock clock) {
        this.cas = List.copyOf(cas);
        this.status = status;
        this.onStatusChange = onStatusChange;
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ks.setCertificateEntry("ca" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            X509ExtendedTrustManager found = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    found = x;
                }
            }
            if (found == null) {
                throw new IllegalStateException("no X509ExtendedTrustManager from PKIX");
            }
            this.pkix = found;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the client trust manager", e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            check(chain, () -> pkix.checkClientTrusted(chain, authType, engine));
        } catch (RejectedCertificateException e) {
            if (engine != null) {
                refusals.put(engine, e.reason());
            }
            throw e;
        }
    }

    /** Takes (and forgets) the reason the handshake of {@code engine} was refused, if this manager refused it. */
    Optional<Rejection> takeRefusal(SSLEngine engine) {
        return Optional.ofNullable(refusals.remove(engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, () -> pkix.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, () -> pkix.checkClientTrusted(chain, authType));
    }

    private interface Check {
        void run() throws CertificateException;
    }

    private void check(X509Certificate[] chain, Check pathValidation) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new RejectedCertificateException(Rejection.NO_CERTIFICATE, "no client certificate", null);
        }
        X509Certificate leaf = chain[0];
        Date now = Date.from(clock.instant());
        if (now.before(leaf.getNotBefore())) {
            throw new RejectedCertificateException(Rejection.CERTIFICATE_NOT_YET_VALID, "certificate not yet valid", null);
        }
        if (now.after(leaf.getNotAfter())) {
            throw new RejectedCertificateException(Rejection.CERTIFICATE_EXPIRED, "certificate expired", null);
        }
        List<X509Certificate> key = java.util.Arrays.asList(chain.clone());
        Long validUntil = validated.get(key);
        long nowMillis = now.getTime();
        if (validUntil == null || validUntil < nowMillis) {
            try {
                pathValidation.run();
            } catch (CertificateException e) {
                throw new RejectedCertificateException(Rejection.UNTRUSTED_CERTIFICATE, "certificate not trusted", e);
            }
            remember(key, chain, nowMillis);
        }
        if (status.refresh()) {
            onStatusChange.run();
        }
        if (status.isRevoked(leaf.getSerialNumber())) {
            throw new RejectedCertificateException(Rejection.CERTIFICATE_REVOKED, "certificate revoked", null);
        }
        Optional<ClientIdentity> identity = ClientIdentity.from(leaf);
        if (identity.isEmpty()) {
            throw new RejectedCertificateException(Rejection.NO_OPERATOR, "no operator code in the certificate", null);
        }
        if (status.isSuspended(identity.get().operatorCode())) {
            throw new RejectedCertificateException(Rejection.OPERATOR_SUSPENDED, "operator suspended", null);
        }
    }

    /**
     * The checks that must hold for the whole life of a connection, repeated after every handshake (a resumed
     * session skips the trust manager; the CRL and suspension list are re-read first when they changed) and when the
     * CRL or suspension list changes: validity period, revocation, operator code, suspension.
     *
     * @return the reason to refuse, or null to allow
     */
    Rejection recheck(X509Certificate leaf) {
        // a resumed session did not pass checkClientTrusted, which looks at the files first: look here too, so a
        // suspension written a moment ago holds for it (two stat calls), not only after the next periodic reload
        if (status.refresh()) {
            onStatusChange.run();
        }
        Date now = Date.from(clock.instant());
        if (now.before(leaf.getNotBefore())) {
            return Rejection.CERTIFICATE_NOT_YET_VALID;
        }
        if (now.after(leaf.getNotAfter())) {
            return Rejection.CERTIFICATE_EXPIRED;
        }
        return recheck(ClientIdentity.from(leaf).orElse(null), leaf.getSerialNumber());
    }

    /** Revocation and suspension of an identified connection; null to allow. */
    Rejection recheck(ClientIdentity identity, java.math.BigInteger serial) {
        if (status.isRevoked(serial)) {
            return Rejection.CERTIFICATE_REVOKED;
        }
        if (identity == null) {
            return Rejection.NO_OPERATOR;
        }
        if (status.isSuspended(identity.operatorCode())) {
            return Rejection.OPERATOR_SUSPENDED;
        }
        return null;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("server certificates are not checked here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("server certificates are not checked here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("server certificates are not checked here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return cas.toArray(new X509Certificate[0]);
    }
}
