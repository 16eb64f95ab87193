package jp.ami.certs;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Reads subject fields with BouncyCastle (the JDK renders organizationIdentifier, 2.5.4.97, as hex).
 */
public final class CertificateNames {
    private CertificateNames() {
    }

    /** The subject of {@code certificate} as a BouncyCastle name. */
    public static X500Name subject(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /** First value of attribute {@code type} in {@code name}, if present. */
    public static Optional<String> attribute(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        if (rdns.length == 0 || rdns[0].getFirst() == null) {
            return Optional.empty();
        }
        ASN1Encodable value = rdns[0].getFirst().getValue();
        if (value instanceof ASN1String s) {
            return Optional.of(s.getString());
        }
        return Optional.of(IETFUtils.valueToString(value));
    }

    /**
     * The operator code of a client certificate: organizationIdentifier, else CN; empty when neither
     * holds a valid code.
     */
    public static Optional<String> operatorCode(X509Certificate certificate) {
        X500Name subject = subject(certificate);
        Optional<String> code = attribute(subject, BCStyle.ORGANIZATION_IDENTIFIER);
        if (code.isEmpty()) {
            code = attribute(subject, BCStyle.CN);
        }
        return code.filter(OperatorCodes::isValid);
    }
}
