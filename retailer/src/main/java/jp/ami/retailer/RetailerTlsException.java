package jp.ami.retailer;

import java.io.IOException;

/**
 * The TLS connection failed: handshake refused (e.g. no or unacceptable client certificate), or the
 * server's certificate was not trusted. With TLS 1.3 a refused client certificate only shows up on the
 * first read, so this surfaces from the request, not from connecting.
 */
public final class RetailerTlsException extends IOException {
    public RetailerTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
