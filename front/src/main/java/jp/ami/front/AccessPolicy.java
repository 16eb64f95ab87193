package jp.ami.front;

import java.security.cert.X509Certificate;

/**
 * Decides, after a successful handshake, whether an authenticated operator may use the front at all.
 * The place for operator suspension and certificate revocation checks (future work); the default
 * allows everyone the CA vouches for.
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
