package jp.ami.certs;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Reading and writing PEM files: X.509 certificates and PKCS#8 private keys. */
public final class Pem {
    private Pem() {
    }

    /** PEM text of one or more certificates, in order. */
    public static String certificates(List<X509Certificate> certificates) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            for (X509Certificate c : certificates) {
                writer.writeObject(new PemObject("CERTIFICATE", c.getEncoded()));
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
        return out.toString();
    }

    /** PEM text of a private key in unencrypted PKCS#8 form ({@code -----BEGIN PRIVATE KEY-----}). */
    public static String privateKey(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes certificates as PEM to {@code file}, creating parent directories. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        write(file, certificates(certificates));
    }

    /**
     * Writes a private key as PKCS#8 PEM to {@code file}, creating parent directories; on POSIX file
     * systems the file is made readable by its owner only.
     */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        write(file, privateKey(key));
        FileModes.ownerOnly(file);
    }

    /** PEM text of a CRL ({@code -----BEGIN X509 CRL-----}). */
    public static String crl(java.security.cert.X509CRL crl) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("X509 CRL", crl.getEncoded()));
        } catch (IOException | java.security.cert.CRLException e) {
            throw new IllegalStateException("cannot encode CRL", e);
        }
        return out.toString();
    }

    /** Writes a CRL as PEM, atomically (temp file + move), so a reader never sees half a CRL. */
    public static void writeCrl(Path file, java.security.cert.X509CRL crl) throws IOException {
        CertificateIndex.writeAtomically(file, crl(crl));
    }

    /** Reads a PEM (or DER) CRL. */
    public static java.security.cert.X509CRL readCrl(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("bad CRL in " + file, e);
        }
    }

    /** Reads every certificate in a PEM file, in file order. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> result = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try {
            scan(file, o -> {
                if (o instanceof X509CertificateHolder holder) {
                    result.add(converter.getCertificate(holder));
                }
                return null;
            });
        } catch (CertificateException e) {
            throw new IOException("bad certificate in " + file, e);
        }
        if (result.isEmpty()) {
            throw new IOException("no certificate in " + file);
        }
        return result;
    }

    /** Reads the first certificate of a PEM file. */
    public static X509Certificate readCertificate(Path file) throws IOException {
        return readCertificates(file).get(0);
    }

    /** Reads an unencrypted private key (PKCS#8, or a traditional EC/RSA key pair) from a PEM file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey key = scan(file, o -> o instanceof PrivateKeyInfo info ? converter.getPrivateKey(info)
                : o instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate() : null);
        if (key == null) {
            throw new IOException("no unencrypted private key in " + file);
        }
        return key;
    }

    /** What one PEM object gives: the result that ends the scan, or null to read on. */
    private interface Take<T, E extends Exception> {
        T take(Object o) throws IOException, E;
    }

    /** Reads the objects of PEM file {@code file} in order until {@code take} gives a result; that, or null at the end. */
    private static <T, E extends Exception> T scan(Path file, Take<T, E> take) throws IOException, E {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                T t = take.take(o);
                if (t != null) {
                    return t;
                }
            }
            return null;
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
