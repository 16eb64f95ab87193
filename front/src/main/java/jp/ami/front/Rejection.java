package jp.ami.front;

/** Why the front refused a connection or a request; counted per reason by {@link FrontServer#rejections()}. */
public enum Rejection {
    /** TLS handshake without a client certificate. */
    NO_CERTIFICATE,
    /** Client certificate not issued by the trusted CA (or otherwise failing path validation). */
    UNTRUSTED_CERTIFICATE,
    /** Client certificate past its notAfter. */
    CERTIFICATE_EXPIRED,
    /** Client certificate before its notBefore. */
    CERTIFICATE_NOT_YET_VALID,
    /** Any other TLS handshake failure (protocol version, cipher, garbage, timeout). */
    TLS_HANDSHAKE,
    /** Client certificate listed in the CRL. */
    CERTIFICATE_REVOKED,
    /** Operator on the suspension list (at handshake, or its open connection closed when suspended). */
    OPERATOR_SUSPENDED,
    /** Too many connections from one address, or in total: closed before the handshake. */
    CONNECTION_LIMIT,
    /** Request rate above the operator's or the address's limit (429). */
    RATE_LIMITED,
    /** Request headers not complete in time (slowloris), or connection idle too long. */
    TIMEOUT,
    /** Valid certificate whose subject holds no valid operator code. */
    NO_OPERATOR,
    /** Refused by a custom {@link AccessPolicy}. */
    ACCESS_DENIED,
    /** Unknown path (404). */
    NOT_FOUND,
    /** Known path, method other than GET (405). */
    METHOD_NOT_ALLOWED,
    /** Malformed request, bad query or file name (400, 414, 431). */
    BAD_REQUEST,
    /** Backend refused the connection or broke off (502). */
    BACKEND_UNAVAILABLE,
    /** Backend did not connect or answer in time (504). */
    BACKEND_TIMEOUT
}
