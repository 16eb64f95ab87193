package jp.ami.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key types the CA can mint, each with the signature algorithm used when that key signs. */
public enum KeyAlgorithm {
    /** NIST P-256 (secp256r1) keys, signing with SHA256withECDSA. The default. */
    EC_P256("SHA256withECDSA"),
    /** RSA 2048-bit keys, signing with SHA256withRSA. */
    RSA_2048("SHA256withRSA");

    private final String signatureAlgorithm;

    KeyAlgorithm(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** JCA name of the signature algorithm a key of this type signs with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Generates a fresh key pair of this type. */
    public KeyPair generate() {
        try {
            if (this == EC_P256) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + this + " key", e);
        }
    }

    /** The signature algorithm to use with an existing private key, chosen from its JCA algorithm name. */
    static String signatureAlgorithmFor(java.security.PrivateKey key) {
        return "RSA".equals(key.getAlgorithm()) ? RSA_2048.signatureAlgorithm : EC_P256.signatureAlgorithm;
    }
}
