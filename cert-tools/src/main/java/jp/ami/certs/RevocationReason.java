package jp.ami.certs;

import java.util.Locale;
import org.bouncycastle.asn1.x509.CRLReason;

/**
 * Why a certificate was revoked: the RFC 5280 CRL reason codes we use (certificateHold is deliberately
 * absent — temporary suspension is the operator suspension list, not the CRL).
 */
public enum RevocationReason {
    UNSPECIFIED(CRLReason.unspecified),
    KEY_COMPROMISE(CRLReason.keyCompromise),
    AFFILIATION_CHANGED(CRLReason.affiliationChanged),
    SUPERSEDED(CRLReason.superseded),
    CESSATION_OF_OPERATION(CRLReason.cessationOfOperation),
    PRIVILEGE_WITHDRAWN(CRLReason.privilegeWithdrawn);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    /** The RFC 5280 reasonCode value. */
    public int code() {
        return code;
    }

    /** Parses {@code keyCompromise}, {@code KEY_COMPROMISE}, {@code key-compromise} alike. */
    public static RevocationReason parse(String text) {
        String norm = text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (RevocationReason r : values()) {
            if (r.name().replace("_", "").toLowerCase(Locale.ROOT).equals(norm)) {
                return r;
            }
        }
        throw new IllegalArgumentException("reason: \"" + text + "\" must be one of " + java.util.Arrays.toString(values()));
    }
}
