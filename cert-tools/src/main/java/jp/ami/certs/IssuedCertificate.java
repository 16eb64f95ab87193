package jp.ami.certs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A freshly issued certificate with its private key and the issuing chain (CA certificates, leaf
 * excluded, nearest issuer first).
 *
 * @param certificate the issued (leaf) certificate
 * @param privateKey the leaf's private key
 * @param issuers the issuing CA certificates, nearest first; empty for a self-signed certificate
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> issuers) {

    public IssuedCertificate {
        issuers = List.copyOf(issuers);
    }

    /** Leaf followed by its issuers. */
    public List<X509Certificate> chain() {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuers);
        return chain;
    }

    /** Serial number in lower-case hexadecimal, as it appears in audit logs. */
    public String serialHex() {
        return certificate.getSerialNumber().toString(16);
    }

    /** Writes the leaf certificate (PEM) and its private key (PKCS#8 PEM). */
    public void writePem(Path certificateFile, Path privateKeyFile) throws IOException {
        Pem.writeCertificates(certificateFile, List.of(certificate));
        Pem.writePrivateKey(privateKeyFile, privateKey);
    }

    /**
     * A PKCS#12 key store with one private-key entry (key + leaf + issuers) under {@code alias}.
     */
    public KeyStore toPkcs12(String alias, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(alias, privateKey, password, chain().toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build PKCS#12 key store", e);
        }
    }

    /** Writes a password-protected PKCS#12 file holding key, leaf and issuers under {@code alias}. */
    public void writePkcs12(Path file, String alias, char[] password) throws IOException {
        KeyStore ks = toPkcs12(alias, password);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write PKCS#12 " + file, e);
        }
        FileModes.ownerOnly(file);
    }
}
