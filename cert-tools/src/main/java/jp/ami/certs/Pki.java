package jp.ami.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The on-disk layout of a small PKI rooted at one directory {@code D}:
 * <pre>
 * D/ca.crt.pem  D/ca.key.pem                      the CA
 * D/server.crt.pem  D/server.key.pem  D/server.p12 the front's TLS server certificate
 * D/clients/CODE.crt.pem  CODE.key.pem  CODE.p12   one client certificate per operator code
 * D/index.tsv                                      register of every issued certificate ({@link CertificateIndex})
 * D/crl.pem                                        X.509 v2 CRL signed by the CA (read by the front)
 * D/suspended.txt                                  suspended operator codes ({@link SuspensionList}, read by the front)
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

    /** The register of issued certificates. */
    public Path index() {
        return dir.resolve("index.tsv");
    }

    /** The CRL (PEM). */
    public Path crl() {
        return dir.resolve("crl.pem");
    }

    /** The operator suspension list. */
    public Path suspended() {
        return dir.resolve("suspended.txt");
    }

    /** Default time from one CRL to the next: the front warns about a CRL past its nextUpdate. */
    public static final Duration DEFAULT_CRL_VALIDITY = Duration.ofDays(7);

    /** Records a certificate in the register (status VALID). */
    public void record(IssuedCertificate issued, String kind) throws IOException {
        CertificateIndex index = CertificateIndex.load(index());
        index.add(CertificateIndex.Entry.of(issued.certificate(), kind));
        index.save();
    }

    /**
     * Revokes one certificate by serial: marks it in the register and rewrites the CRL.
     *
     * @return the revoked entry
     * @throws IllegalArgumentException when the serial is not in the register
     */
    public CertificateIndex.Entry revoke(String serialHex, RevocationReason reason) throws IOException {
        CertificateIndex index = CertificateIndex.load(index());
        CertificateIndex.Entry e = index.find(serialHex).orElseThrow(() ->
                new IllegalArgumentException("serial: \"" + serialHex + "\" was not issued by this CA (see certs list)"));
        if (e.status() != CertificateIndex.Status.REVOKED) {
            e = e.revoked(Instant.now(), reason);
            index.replace(e);
            index.save();
        }
        writeCrl(index, DEFAULT_CRL_VALIDITY);
        return e;
    }

    /** Revokes every valid certificate of an operator; returns the entries revoked now. */
    public List<CertificateIndex.Entry> revokeOperator(String operatorCode, RevocationReason reason) throws IOException {
        OperatorCodes.requireValid(operatorCode);
        CertificateIndex index = CertificateIndex.load(index());
        List<CertificateIndex.Entry> done = new java.util.ArrayList<>();
        for (CertificateIndex.Entry e : index.entries()) {
            if (operatorCode.equals(e.operator()) && e.status() == CertificateIndex.Status.VALID) {
                CertificateIndex.Entry r = e.revoked(Instant.now(), reason);
                index.replace(r);
                done.add(r);
            }
        }
        index.save();
        writeCrl(index, DEFAULT_CRL_VALIDITY);
        return done;
    }

    /** Re-signs the CRL from the register (run it before nextUpdate, e.g. daily from cron). */
    public java.security.cert.X509CRL writeCrl(Duration validity) throws IOException {
        return writeCrl(CertificateIndex.load(index()), validity);
    }

    private java.security.cert.X509CRL writeCrl(CertificateIndex index, Duration validity) throws IOException {
        Instant now = Instant.now();
        List<CertificateAuthority.Revoked> revoked = index.revoked().stream()
                .map(e -> new CertificateAuthority.Revoked(e.serial(), e.revokedAt(), e.reason())).toList();
        // CRL number: milliseconds since the epoch, so it grows with every CRL without extra state
        java.security.cert.X509CRL crl = loadCa().crl(revoked, now, now.plus(validity),
                java.math.BigInteger.valueOf(now.toEpochMilli()));
        Pem.writeCrl(crl(), crl);
        return crl;
    }

    /** Adds the server and client certificate files of this directory that the register lacks (older PKIs). */
    public void registerExisting() throws IOException {
        CertificateIndex index = CertificateIndex.load(index());
        boolean changed = false;
        List<Path> files = new java.util.ArrayList<>();
        if (Files.exists(serverCertificate())) {
            files.add(serverCertificate());
        }
        if (Files.isDirectory(clientsDir())) {
            try (java.util.stream.Stream<Path> st = Files.list(clientsDir())) {
                st.filter(p -> p.getFileName().toString().endsWith(".crt.pem")).sorted().forEach(files::add);
            }
        }
        for (Path f : files) {
            java.security.cert.X509Certificate c = Pem.readCertificate(f);
            if (index.find(c.getSerialNumber().toString(16)).isEmpty()) {
                index.add(CertificateIndex.Entry.of(c, f.equals(serverCertificate()) ? "server" : "client"));
                changed = true;
            }
        }
        if (changed) {
            index.save();
        }
    }

    /** Suspends an operator (access blocked at the front; the certificate stays valid). */
    public void suspend(String operatorCode, String comment) throws IOException {
        SuspensionList list = SuspensionList.load(suspended());
        list.suspend(operatorCode, comment);
        list.save();
    }

    /** Resumes a suspended operator; false when it was not suspended. */
    public boolean resume(String operatorCode) throws IOException {
        SuspensionList list = SuspensionList.load(suspended());
        boolean was = list.resume(operatorCode);
        list.save();
        return was;
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
        writeCrl(DEFAULT_CRL_VALIDITY); // an empty CRL from day one, so the front can be pointed at it
        if (!Files.exists(suspended())) {
            SuspensionList.load(suspended()).save();
        }
        return ca;
    }

    /** Writes a server certificate as PEM pair and PKCS#12. */
    public void writeServer(IssuedCertificate server, char[] password) throws IOException {
        server.writePem(serverCertificate(), serverPrivateKey());
        server.writePkcs12(serverPkcs12(), P12_ALIAS, password);
        record(server, "server");
    }

    /** Writes an operator's client certificate as PEM pair and PKCS#12. */
    public void writeClient(String operatorCode, IssuedCertificate client, char[] password) throws IOException {
        client.writePem(clientCertificate(operatorCode), clientPrivateKey(operatorCode));
        client.writePkcs12(clientPkcs12(operatorCode), P12_ALIAS, password);
        record(client, "client");
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
        return ensure(dir, defaultOrganisations(operatorCodes), password);
    }

    /** Organisation "Operator CODE" for each code, in order. */
    static Map<String, String> defaultOrganisations(List<String> operatorCodes) {
        Map<String, String> organisations = new java.util.LinkedHashMap<>();
        for (String code : operatorCodes) {
            organisations.put(OperatorCodes.requireValid(code), "Operator " + code);
        }
        return organisations;
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
        pki.registerExisting();
        // a PKI from before revocation existed, or a CRL past half its validity: (re)sign it
        if (!Files.exists(pki.crl())
                || Pem.readCrl(pki.crl()).getNextUpdate().toInstant().isBefore(Instant.now().plus(DEFAULT_CRL_VALIDITY.dividedBy(2)))) {
            pki.writeCrl(DEFAULT_CRL_VALIDITY);
        }
        if (!Files.exists(pki.suspended())) {
            SuspensionList.load(pki.suspended()).save();
        }
        return pki;
    }
}
