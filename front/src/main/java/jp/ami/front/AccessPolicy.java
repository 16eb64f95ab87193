package jp.ami.front;

import java.security.cert.X509Certificate;

/**
 * An additional, custom check after a successful handshake (refusals are counted as
 * {@link Rejection#ACCESS_DENIED}). Revocation (CRL) and operator suspension are built into the front
 * ({@link ClientTrustManager}, {@link CertificateStatus}) and need no policy; the default allows everyone
 * the CA vouches for.
 */
@FunctionalInterface
public interface AccessPolicy {
    /** Allows every operator with a valid certificate. */
    AccessPolicy ALLOW_ALL = (operator, certificate) -> true;

    /**
     * @param operatorCode operator code read from the certificate subject
     * @param certificate the client's (already validated) certificate
     * @return true to let the connection through, false to close it
     */
    boolean allows(String operatorCode, X509Certificate certificate);
}
