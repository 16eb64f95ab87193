package jp.ami.front;

import java.security.cert.X509Certificate;
import java.util.Optional;
import jp.ami.model.OperatorCode;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Who is on the other end of a mutual-TLS connection.
 *
 * @param operatorCode operator code from the client certificate
 * @param serialHex client certificate serial number, lower-case hex
 */
public record ClientIdentity(String operatorCode, String serialHex) {

    /**
     * Reads the operator code from the certificate subject: organizationIdentifier (2.5.4.97), else CN.
     * Read with BouncyCastle because the JDK renders 2.5.4.97 as hex.
     *
     * @return empty when the subject holds no valid operator code
     */
    public static Optional<ClientIdentity> from(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        Optional<String> code = first(subject, BCStyle.ORGANIZATION_IDENTIFIER);
        if (code.isEmpty()) {
            code = first(subject, BCStyle.CN);
        }
        return code.filter(OperatorCode::isValid)
                .map(c -> new ClientIdentity(c, certificate.getSerialNumber().toString(16)));
    }

    private static Optional<String> first(X500Name name, ASN1ObjectIdentifier type) {
        for (RDN rdn : name.getRDNs(type)) {
            ASN1Encodable value = rdn.getFirst() == null ? null : rdn.getFirst().getValue();
            if (value instanceof ASN1String s) {
                return Optional.of(s.getString());
            }
        }
        return Optional.empty();
    }
}
