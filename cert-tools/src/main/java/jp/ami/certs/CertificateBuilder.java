package jp.ami.certs;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Fluent builder for one certificate. Obtain it from {@link CertificateAuthority#newCertificate()} (signed by
 * that CA) or {@link #selfSigned()}; it also serves tests, which mint expired, not-yet-valid or
 * foreign-CA certificates at run time:
 * <pre>{@code
 * IssuedCertificate expired = ca.newCertificate()
 *     .operator("R0013", "Retailer Ltd")
 *     .validFrom(Instant.now().minus(Duration.ofDays(10)))
 *     .validUntil(Instant.now().minus(Duration.ofDays(1)))
 *     .issue();
 * }</pre>
 * Defaults: validity starts one minute ago (clock skew) and lasts two years, key type EC P-256,
 * a random positive 127-bit serial number, no extended key usage.
 */
public final class CertificateBuilder {
    /** Default validity of issued certificates: two years (client certificates per the business rules). */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(730);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CertificateAuthority issuer;
    private X500Name subject;
    private Instant notBefore = Instant.now().minus(1, ChronoUnit.MINUTES);
    private Instant notAfter;
    private Duration validity = DEFAULT_VALIDITY;
    private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
    private KeyPair keyPair;
    private boolean ca;
    private boolean serverAuth;
    private boolean clientAuth;
    private final List<GeneralName> subjectAltNames = new ArrayList<>();

    CertificateBuilder(CertificateAuthority issuer) {
        this.issuer = issuer;
    }

    /** A builder for a self-signed certificate (a new root CA sets {@link #ca()} as well). */
    public static CertificateBuilder selfSigned() {
        return new CertificateBuilder(null);
    }

    /** Sets the subject distinguished name. */
    public CertificateBuilder subject(X500Name subject) {
        this.subject = Objects.requireNonNull(subject, "subject");
        return this;
    }

    /** Sets the subject to {@code CN=<commonName>}. */
    public CertificateBuilder subjectCommonName(String commonName) {
        return subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build());
    }

    /**
     * Makes this a retailer/operator client certificate: subject
     * {@code C=JP, O=<organisation>, organizationIdentifier(2.5.4.97)=<code>, CN=<code>} and the
     * clientAuth extended key usage.
     *
     * @throws IllegalArgumentException when the operator code is not 5 characters [0-9A-Z]
     */
    public CertificateBuilder operator(String operatorCode, String organisation) {
        OperatorCodes.requireValid(operatorCode);
        if (organisation == null || organisation.isBlank()) {
            throw new IllegalArgumentException("organisation: \"" + organisation + "\" must not be blank");
        }
        subject(operatorSubject(operatorCode, organisation));
        return clientAuth();
    }

    /** The subject name used for an operator's client certificate. */
    public static X500Name operatorSubject(String operatorCode, String organisation) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "JP")
                .addRDN(BCStyle.O, organisation)
                .addRDN(BCStyle.ORGANIZATION_IDENTIFIER, operatorCode)
                .addRDN(BCStyle.CN, operatorCode)
                .build();
    }

    /** Start of validity. */
    public CertificateBuilder validFrom(Instant notBefore) {
        this.notBefore = Objects.requireNonNull(notBefore);
        return this;
    }

    /** End of validity (overrides {@link #validity(Duration)}). */
    public CertificateBuilder validUntil(Instant notAfter) {
        this.notAfter = Objects.requireNonNull(notAfter);
        return this;
    }

    /** Length of validity counted from the start (ignored when {@link #validUntil} is set). */
    public CertificateBuilder validity(Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity: \"" + validity + "\" must be positive");
        }
        this.validity = validity;
        return this;
    }

    /** Key type of a freshly generated key pair (default EC P-256). */
    public CertificateBuilder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
        this.keyAlgorithm = Objects.requireNonNull(keyAlgorithm);
        return this;
    }

    /** Certifies an existing key pair instead of generating one. */
    public CertificateBuilder keyPair(KeyPair keyPair) {
        this.keyPair = Objects.requireNonNull(keyPair);
        return this;
    }

    /** Makes this a CA certificate (basicConstraints cA=true, keyCertSign and cRLSign). */
    public CertificateBuilder ca() {
        this.ca = true;
        return this;
    }

    /** Adds the serverAuth extended key usage. */
    public CertificateBuilder serverAuth() {
        this.serverAuth = true;
        return this;
    }

    /** Adds the clientAuth extended key usage. */
    public CertificateBuilder clientAuth() {
        this.clientAuth = true;
        return this;
    }

    /** Adds DNS subject alternative names. */
    public CertificateBuilder dnsNames(List<String> names) {
        for (String n : names) {
            subjectAltNames.add(new GeneralName(GeneralName.dNSName, n));
        }
        return this;
    }

    /** Adds IP address subject alternative names (IPv4 or IPv6 literals only, no host look-ups). */
    public CertificateBuilder ipAddresses(List<String> addresses) {
        for (String a : addresses) {
            if (!a.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("ipAddress: \"" + a + "\" is not an IP address literal");
            }
            try {
                InetAddress.getByName(a); // literal: parsed, never resolved
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("ipAddress: \"" + a + "\" is not an IP address literal", e);
            }
            subjectAltNames.add(new GeneralName(GeneralName.iPAddress, a));
        }
        return this;
    }

    /** Signs and returns the certificate with its key. */
    public IssuedCertificate issue() {
        if (subject == null) {
            throw new IllegalStateException("subject is required");
        }
        KeyPair keys = keyPair != null ? keyPair : keyAlgorithm.generate();
        Instant end = notAfter != null ? notAfter : notBefore.plus(validity);
        X500Name issuerName = issuer == null ? subject : issuer.subject();
        PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey();
        PublicKey authorityKey = issuer == null ? keys.getPublic() : issuer.certificate().getPublicKey();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial(),
                    Date.from(notBefore), Date.from(end), subject, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(authorityKey));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage(keys)));
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (serverAuth) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (clientAuth) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            if (!purposes.isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(purposes.toArray(new KeyPurposeId[0])));
            }
            if (!subjectAltNames.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(subjectAltNames.toArray(new GeneralName[0])));
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithmFor(signingKey)).build(signingKey)));
            List<X509Certificate> issuers = issuer == null ? List.of() : issuer.chain();
            return new IssuedCertificate(cert, keys.getPrivate(), issuers);
        } catch (CertIOException | OperatorCreationException | CertificateException
                 | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot issue certificate for " + subject, e);
        }
    }

    private int keyUsage(KeyPair keys) {
        if (ca) {
            return KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature;
        }
        int usage = KeyUsage.digitalSignature;
        if ("RSA".equals(keys.getPublic().getAlgorithm())) {
            usage |= KeyUsage.keyEncipherment;
        }
        return usage;
    }

    private static BigInteger serial() {
        BigInteger n;
        do {
            n = new BigInteger(127, RANDOM);
        } while (n.signum() == 0);
        return n;
    }
}
