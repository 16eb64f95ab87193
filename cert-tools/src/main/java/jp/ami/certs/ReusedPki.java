package jp.ami.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a PKI directory that a tool reuses from an earlier run (the demo's {@code var/pki}) against the time the
 * TLS peers will check it at, and re-issues the certificates that can no longer be used: revoked in the register,
 * expired, not yet valid, or not issued by the directory's CA. What cannot be repaired by re-issuing (an expired CA,
 * a suspended operator) stops the caller with {@link Unusable}, whose message is one line naming the file and the fix.
 */
public final class ReusedPki {
    /** A PKI that re-issuing cannot make usable; the message names the certificate or list entry and the fix. */
    public static final class Unusable extends RuntimeException {
        public Unusable(String message) {
            super(message);
        }
    }

    private ReusedPki() {
    }

    /** As {@link #ensureUsable(Path, Map, String, Instant)}, organisation "Operator CODE" for each code. */
    public static List<String> ensureUsable(Path dir, List<String> operatorCodes, String password, Instant now)
            throws IOException {
        return ensureUsable(dir, Pki.defaultOrganisations(operatorCodes), password, now);
    }

    /**
     * Creates what is missing ({@link Pki#ensure}), then re-issues what is unusable at {@code now}.
     *
     * @param organisationsByCode the operators whose client certificates the caller uses
     * @return one line per certificate re-issued (empty when everything was usable)
     * @throws Unusable when the CA is unusable or one of the operators is suspended
     */
    public static List<String> ensureUsable(Path dir, Map<String, String> organisationsByCode, String password,
                                            Instant now) throws IOException {
        Pki pki = Pki.ensure(dir, organisationsByCode, password);
        CertificateAuthority ca = pki.loadCa();
        X509Certificate caCert = ca.certificate();
        if (now.isAfter(caCert.getNotAfter().toInstant()) || now.isBefore(caCert.getNotBefore().toInstant())) {
            throw new Unusable("the CA certificate " + pki.caCertificate() + " is valid only from " + caCert.getNotBefore().toInstant()
                    + " to " + caCert.getNotAfter().toInstant() + ": delete " + dir + " to make a new one");
        }
        SuspensionList suspended = SuspensionList.load(pki.suspended());
        for (String code : organisationsByCode.keySet()) {
            if (suspended.isSuspended(code)) {
                throw new Unusable("operator " + code + " is suspended in " + pki.suspended() + ": run ./ami certs resume --dir "
                        + dir + " --operator " + code + " (or delete " + dir + ")");
            }
        }
        CertificateIndex index = CertificateIndex.load(pki.index());
        char[] pw = password.toCharArray();
        List<String> reissued = new ArrayList<>();
        Optional<String> server = unusable(pki.serverCertificate(), caCert, index, now);
        if (server.isPresent()) {
            pki.writeServer(ca.issueServer("localhost", Pki.DEFAULT_SERVER_DNS, Pki.DEFAULT_SERVER_IPS), pw);
            reissued.add("re-issued the server certificate " + pki.serverCertificate() + " (it was " + server.get() + ")");
        }
        for (Map.Entry<String, String> e : organisationsByCode.entrySet()) {
            String code = e.getKey();
            Optional<String> client = unusable(pki.clientCertificate(code), caCert, index, now);
            if (client.isPresent()) {
                pki.writeClient(code, ca.issueClient(code, e.getValue()), pw);
                reissued.add("re-issued " + code + "'s certificate " + pki.clientCertificate(code) + " (it was " + client.get() + ")");
            }
        }
        return reissued;
    }

    /** Why the certificate in {@code pem} cannot be used at {@code now}, or empty when it can. */
    static Optional<String> unusable(Path pem, X509Certificate ca, CertificateIndex index, Instant now) throws IOException {
        if (!Files.exists(pem)) {
            return Optional.of("missing");
        }
        X509Certificate c = Pem.readCertificate(pem);
        try {
            c.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            return Optional.of("not issued by the CA " + ca.getSubjectX500Principal().getName());
        }
        Optional<CertificateIndex.Entry> entry = index.find(c.getSerialNumber().toString(16));
        if (entry.isPresent() && entry.get().status() == CertificateIndex.Status.REVOKED) {
            return Optional.of("revoked at " + entry.get().revokedAt());
        }
        if (now.isAfter(c.getNotAfter().toInstant())) {
            return Optional.of("expired at " + c.getNotAfter().toInstant());
        }
        if (now.isBefore(c.getNotBefore().toInstant())) {
            return Optional.of("not valid before " + c.getNotBefore().toInstant());
        }
        return Optional.empty();
    }
}
