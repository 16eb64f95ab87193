package jp.ami.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The on-disk layout of a small PKI rooted at one directory {@code D}:
 * <pre>
 * D/ca.crt.pem  D/ca.key.pem                      the CA
 * D/server.crt.pem  D/server.key.pem  D/server.p12 the front's TLS server certificate
 * D/clients/CODE.crt.pem  CODE.key.pem  CODE.p12   one client certificate per operator code
 * </pre>
 * Keys are unencrypted PKCS#8 PEM readable by their owner only; PKCS#12 files hold key, certificate and
 * CA under the alias {@value #P12_ALIAS}, protected by a password.
 *
 * @param dir the PKI directory
 */
public record Pki(Path dir) {
    /** Alias of the private-key entry in every PKCS#12 file written here. */
    public static final String P12_ALIAS = "ami";
    /** DNS names given to the server certificate by {@link #ensure}. */
    public static final List<String> DEFAULT_SERVER_DNS = List.of("localhost");
    /** IP addresses given to the server certificate by {@link #ensure}. */
    public static final List<String> DEFAULT_SERVER_IPS = List.of("127.0.0.1", "::1");
    /** Common name of a CA created by {@link #ensure}. */
    public static final String DEFAULT_CA_NAME = "AMI Demo CA";

    public Pki {
        Objects.requireNonNull(dir, "dir");
    }

    /** The layout rooted at {@code dir} (nothing is created). */
    public static Pki at(Path dir) {
        return new Pki(dir);
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt.pem");
    }

    public Path caPrivateKey() {
        return dir.resolve("ca.key.pem");
    }

    public Path serverCertificate() {
        return dir.resolve("server.crt.pem");
    }

    public Path serverPrivateKey() {
        return dir.resolve("server.key.pem");
    }

    public Path serverPkcs12() {
        return dir.resolve("server.p12");
    }

    public Path clientsDir() {
        return dir.resolve("clients");
    }

    /** Client certificate PEM of an operator. */
    public Path clientCertificate(String operatorCode) {
        return clientsDir().resolve(OperatorCodes.requireValid(operatorCode) + ".crt.pem");
    }

    /** Client private key PEM of an operator. */
    public Path clientPrivateKey(String operatorCode) {
        return clientsDir().resolve(OperatorCodes.requireValid(operatorCode) + ".key.pem");
    }

    /** Client PKCS#12 of an operator. */
    public Path clientPkcs12(String operatorCode) {
        return clientsDir().resolve(OperatorCodes.requireValid(operatorCode) + ".p12");
    }

    /** True when both CA files exist. */
    public boolean hasCa() {
        return Files.exists(caCertificate()) && Files.exists(caPrivateKey());
    }

    /** Loads the CA of this directory. */
    public CertificateAuthority loadCa() throws IOException {
        return CertificateAuthority.load(caCertificate(), caPrivateKey());
    }

    /** Loads the CA, or creates and saves a new one named {@code caName} when absent. */
    public CertificateAuthority loadOrCreateCa(String caName) throws IOException {
        if (hasCa()) {
            return loadCa();
        }
        CertificateAuthority ca = CertificateAuthority.create(caName);
        ca.save(caCertificate(), caPrivateKey());
        return ca;
    }

    /** Writes a server certificate as PEM pair and PKCS#12. */
    public void writeServer(IssuedCertificate server, char[] password) throws IOException {
        server.writePem(serverCertificate(), serverPrivateKey());
        server.writePkcs12(serverPkcs12(), P12_ALIAS, password);
    }

    /** Writes an operator's client certificate as PEM pair and PKCS#12. */
    public void writeClient(String operatorCode, IssuedCertificate client, char[] password) throws IOException {
        client.writePem(clientCertificate(operatorCode), clientPrivateKey(operatorCode));
        client.writePkcs12(clientPkcs12(operatorCode), P12_ALIAS, password);
    }

    /**
     * Creates whatever is missing under {@code dir}: the CA, the server certificate (CN=localhost, SANs
     * localhost, 127.0.0.1, ::1) and one client certificate per operator code (organisation
     * "Operator CODE"). Existing files are kept, so calling it again is harmless.
     *
     * @param password password of every PKCS#12 file written
     * @return the layout
     * @throws IllegalArgumentException when an operator code is invalid
     */
    public static Pki ensure(Path dir, List<String> operatorCodes, String password) throws IOException {
        Map<String, String> organisations = new java.util.LinkedHashMap<>();
        for (String code : operatorCodes) {
            organisations.put(OperatorCodes.requireValid(code), "Operator " + code);
        }
        return ensure(dir, organisations, password);
    }

    /** As {@link #ensure(Path, List, String)}, with an organisation name per operator code. */
    public static Pki ensure(Path dir, Map<String, String> organisationsByCode, String password) throws IOException {
        organisationsByCode.keySet().forEach(OperatorCodes::requireValid);
        Pki pki = new Pki(dir);
        Files.createDirectories(dir);
        CertificateAuthority ca = pki.loadOrCreateCa(DEFAULT_CA_NAME);
        char[] pw = password.toCharArray();
        if (!(Files.exists(pki.serverCertificate()) && Files.exists(pki.serverPrivateKey())
                && Files.exists(pki.serverPkcs12()))) {
            pki.writeServer(ca.issueServer("localhost", DEFAULT_SERVER_DNS, DEFAULT_SERVER_IPS), pw);
        }
        for (Map.Entry<String, String> e : organisationsByCode.entrySet()) {
            String code = e.getKey();
            if (!(Files.exists(pki.clientCertificate(code)) && Files.exists(pki.clientPrivateKey(code))
                    && Files.exists(pki.clientPkcs12(code)))) {
                pki.writeClient(code, ca.issueClient(code, e.getValue()), pw);
            }
        }
        return pki;
    }
}
