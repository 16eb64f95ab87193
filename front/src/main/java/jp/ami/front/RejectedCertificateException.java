package jp.ami.front;

import java.security.cert.CertificateException;

/** A client certificate refused by {@link ClientTrustManager}, carrying the reason it is counted under. */
final class RejectedCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;
    private final transient Rejection reason;

    RejectedCertificateException(Rejection reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    Rejection reason() {
        return reason;
    }
}
