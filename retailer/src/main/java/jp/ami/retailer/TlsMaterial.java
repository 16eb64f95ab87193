package jp.ami.retailer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds client {@link SSLContext}s from a PKCS#12 key store or PEM files, trusting only a given CA. */
public final class TlsMaterial {
    private TlsMaterial() {
    }

    /** Client certificate and key from a PKCS#12 file; server trusted only if issued by the CA in {@code caPem}. */
    public static SSLContext fromPkcs12(Path pkcs12, char[] password, Path caPem) throws IOException {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return context(ks, password, caPem);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load PKCS#12 " + pkcs12, e);
        }
    }

    /** Client certificate (PEM, optionally with chain) and unencrypted PKCS#8 PEM key. */
    public static SSLContext fromPem(Path certificatePem, Path privateKeyPem, Path caPem) throws IOException {
        try {
            Collection<? extends Certificate> chain = readCertificates(certificatePem);
            PrivateKey key = readPrivateKey(privateKeyPem);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = new char[0];
            ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
            return context(ks, pw, caPem);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load " + certificatePem + " / " + privateKeyPem, e);
        }
    }

    /** No client certificate at all (the front will refuse it; useful to show that it does). */
    public static SSLContext withoutClientCertificate(Path caPem) throws IOException {
        try {
            return context(null, null, caPem);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build TLS context", e);
        }
    }

    private static SSLContext context(KeyStore keys, char[] password, Path caPem)
            throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate ca : readCertificates(caPem)) {
            trust.setCertificateEntry("ca" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        KeyManager[] km = new KeyManager[0];
        if (keys != null) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, password);
            km = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(km, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static Collection<? extends Certificate> readCertificates(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException("no certificate in " + pem);
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new IOException("bad certificate file " + pem, e);
        }
    }

    /** Reads an unencrypted PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}), EC or RSA. */
    static PrivateKey readPrivateKey(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException("no unencrypted PKCS#8 private key in " + pem);
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException("unsupported private key type in " + pem);
    }
}
