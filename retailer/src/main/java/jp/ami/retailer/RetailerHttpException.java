package jp.ami.retailer;

import java.io.IOException;

/** The server answered with an HTTP error status (e.g. 404 for a file that is not the caller's). */
public final class RetailerHttpException extends IOException {
    private final int statusCode;

    public RetailerHttpException(String what, int statusCode) {
        super(what + " failed with HTTP " + statusCode);
        this.statusCode = statusCode;
    }

    /** The HTTP status code. */
    public int statusCode() {
        return statusCode;
    }
}
