package jp.ami.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A certificate authority: a CA certificate and its private key, able to issue server and operator
 * client certificates.
 *
 * <p>Revocation: {@link #crl} signs an X.509 v2 CRL listing revoked serials with their reasons. Operator
 * suspension is not a CA matter: see {@link SuspensionList}. {@link Pki} keeps the register of issued
 * certificates and writes the CRL file.
 */
public final class CertificateAuthority {
    /** Default validity of a new CA certificate: ten years. */
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    /** Wraps an existing CA certificate and its private key. */
    public CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    }

    /** Creates a new self-signed root CA named {@code CN=<commonName>} with an EC P-256 key, valid ten years. */
    public static CertificateAuthority create(String commonName) {
        return create(commonName, DEFAULT_CA_VALIDITY, KeyAlgorithm.EC_P256);
    }

    /** Creates a new self-signed root CA named {@code CN=<commonName>}. */
    public static CertificateAuthority create(String commonName, Duration validity, KeyAlgorithm keyAlgorithm) {
        IssuedCertificate root = CertificateBuilder.selfSigned()
                .subjectCommonName(commonName)
                .ca()
                .validity(validity)
                .keyAlgorithm(keyAlgorithm)
                .issue();
        return new CertificateAuthority(root.certificate(), root.privateKey());
    }

    /** Loads a CA from a PEM certificate and a PEM private key. */
    public static CertificateAuthority load(Path certificatePem, Path privateKeyPem) throws IOException {
        return new CertificateAuthority(Pem.readCertificate(certificatePem), Pem.readPrivateKey(privateKeyPem));
    }

    /** Writes the CA certificate and private key as PEM. */
    public void save(Path certificatePem, Path privateKeyPem) throws IOException {
        Pem.writeCertificates(certificatePem, List.of(certificate));
        Pem.writePrivateKey(privateKeyPem, privateKey);
    }

    /** The CA certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The CA subject, which is the issuer of everything it signs. */
    public X500Name subject() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /** Issuer chain placed after certificates this CA signs (this CA only; it is a root). */
    public List<X509Certificate> chain() {
        return List.of(certificate);
    }

    /** A builder for a certificate signed by this CA (for custom or test certificates). */
    public CertificateBuilder newCertificate() {
        return new CertificateBuilder(this);
    }

    /**
     * Issues a TLS server certificate {@code CN=<host>} with serverAuth EKU and the given subject
     * alternative names, valid {@link CertificateBuilder#DEFAULT_VALIDITY}.
     *
     * @param host subject common name
     * @param dnsNames DNS SANs (include {@code host} itself if clients connect by that name)
     * @param ipAddresses IP literal SANs, e.g. {@code 127.0.0.1}
     */
    public IssuedCertificate issueServer(String host, List<String> dnsNames, List<String> ipAddresses) {
        return newCertificate()
                .subjectCommonName(host)
                .serverAuth()
                .dnsNames(dnsNames)
                .ipAddresses(ipAddresses)
                .issue();
    }

    /**
     * One revoked certificate in a CRL.
     *
     * @param serial serial number
     * @param revokedAt revocation time
     * @param reason reason code
     */
    public record Revoked(java.math.BigInteger serial, java.time.Instant revokedAt, RevocationReason reason) {
    }

    /**
     * Signs an X.509 v2 CRL: issuer = this CA, thisUpdate, nextUpdate, a CRL number, the authority key
     * identifier, and one entry per revoked serial with its reason code.
     *
     * @param crlNumber monotonically increasing CRL number
     */
    public java.security.cert.X509CRL crl(java.util.Collection<Revoked> revoked, java.time.Instant thisUpdate,
                                          java.time.Instant nextUpdate, java.math.BigInteger crlNumber) {
        try {
            org.bouncycastle.cert.X509v2CRLBuilder b = new org.bouncycastle.cert.X509v2CRLBuilder(subject(),
                    java.util.Date.from(thisUpdate));
            b.setNextUpdate(java.util.Date.from(nextUpdate));
            for (Revoked r : revoked) {
                b.addCRLEntry(r.serial(), java.util.Date.from(r.revokedAt()), r.reason().code());
            }
            b.addExtension(org.bouncycastle.asn1.x509.Extension.cRLNumber, false,
                    new org.bouncycastle.asn1.x509.CRLNumber(crlNumber));
            b.addExtension(org.bouncycastle.asn1.x509.Extension.authorityKeyIdentifier, false,
                    new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils()
                            .createAuthorityKeyIdentifier(certificate.getPublicKey()));
            org.bouncycastle.cert.X509CRLHolder holder = b.build(
                    new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(
                            KeyAlgorithm.signatureAlgorithmFor(privateKey)).build(privateKey));
            return new org.bouncycastle.cert.jcajce.JcaX509CRLConverter().getCRL(holder);
        } catch (java.security.GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot sign CRL", e);
        }
    }

    /** Issues an operator client certificate valid two years. */
    public IssuedCertificate issueClient(String operatorCode, String organisation) {
        return issueClient(operatorCode, organisation, CertificateBuilder.DEFAULT_VALIDITY);
    }

    /**
     * Issues an operator client certificate: subject
     * {@code C=JP, O=<organisation>, organizationIdentifier=<code>, CN=<code>}, clientAuth EKU.
     *
     * @throws IllegalArgumentException when the operator code is not 5 characters [0-9A-Z]
     */
    public IssuedCertificate issueClient(String operatorCode, String organisation, Duration validity) {
        return newCertificate().operator(operatorCode, organisation).validity(validity).issue();
    }
}
