package jp.ami.front;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocation and suspension state the front enforces, read from two files and reloaded when they
 * change (no restart):
 * <ul>
 *   <li>the CRL (PEM or DER X.509 v2 CRL; its signature must verify with one of the trusted CA
 *       certificates) — revoked serial numbers;</li>
 *   <li>the suspension list — one operator code per line, {@code #} starts a comment.</li>
 * </ul>
 * {@link #refresh()} compares each file's modification time, size and file key (inode) with the loaded
 * version: two {@code stat} calls, cheap enough to run on every handshake and on a timer. A file that fails
 * to load (bad signature, malformed line, half written) is logged and the previous state is kept; at
 * construction a configured file that cannot be loaded is an error. A CRL past its nextUpdate is still
 * enforced (its revocations stay true) and a warning is logged on each reload ("past" by the clock given).
 * Reads are lock-free ({@code volatile} immutable sets); reloads are serialised.
 */
public final class CertificateStatus {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateStatus.class);
    private static final Pattern CODE = Pattern.compile("[0-9A-Z]{5}");

    private final List<X509Certificate> trustedCas;
    private final Clock clock;
    private final Watched<BigInteger> revoked;
    private final Watched<String> suspended;
    /** nextUpdate of the CRL last loaded, or null (no CRL, or it has none). */
    private volatile java.time.Instant crlNextUpdate;

    /**
     * @param crlFile CRL file, or null for none
     * @param suspensionFile suspension list, or null for none
     * @param trustedCas CA certificates one of which must have signed the CRL
     * @throws IOException when a configured file cannot be loaded
     */
    public CertificateStatus(Path crlFile, Path suspensionFile, List<X509Certificate> trustedCas) throws IOException {
        this(crlFile, suspensionFile, trustedCas, Clock.systemUTC());
    }

    /**
     * @param crlFile CRL file, or null for none
     * @param suspensionFile suspension list, or null for none
     * @param trustedCas CA certificates one of which must have signed the CRL
     * @param clock tells whether a CRL is past its nextUpdate
     * @throws IOException when a configured file cannot be loaded
     */
    public CertificateStatus(Path crlFile, Path suspensionFile, List<X509Certificate> trustedCas, Clock clock)
            throws IOException {
        this.trustedCas = List.copyOf(trustedCas);
        this.clock = Objects.requireNonNull(clock, "clock");
        // a deleted CRL keeps the last one in force; a deleted suspension list suspends nobody
        this.revoked = new Watched<>(crlFile, "CRL", "revoked serials", this::loadCrl, false);
        this.suspended = new Watched<>(suspensionFile, "suspension list", "suspended operators",
                CertificateStatus::loadSuspended, true);
    }

    /** The nextUpdate of the CRL in force, if there is a CRL and it has one. */
    public java.util.Optional<java.time.Instant> crlNextUpdate() {
        return java.util.Optional.ofNullable(crlNextUpdate);
    }

    /** Nothing revoked, nobody suspended, no files. */
    public static CertificateStatus none() {
        try {
            return new CertificateStatus(null, null, List.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the serial is in the current CRL. */
    public boolean isRevoked(BigInteger serial) {
        return revoked.contents.contains(serial);
    }

    /** True when the operator is on the current suspension list. */
    public boolean isSuspended(String operatorCode) {
        return suspended.contents.contains(operatorCode);
    }

    /**
     * Reloads whichever file changed since it was loaded.
     *
     * @return true when the revoked or suspended set changed (open connections must be re-checked)
     */
    public synchronized boolean refresh() {
        boolean changed = revoked.refresh();
        changed |= suspended.refresh();
        return changed;
    }

    /** Reads one of the two files into a set. */
    private interface Loader<E> {
        Set<E> load(Path file) throws IOException;
    }

    /**
     * One of the two files (or none, when its path is null): the set last loaded from it and the version it
     * was loaded from. The set is read without a lock; {@link #refresh()} runs under the status's lock.
     */
    private static final class Watched<E> {
        private static final Object ABSENT = "absent";
        private final Path file;
        private final String name;
        private final String counted;
        private final Loader<E> loader;
        private final boolean emptyWhenDeleted;
        private volatile Set<E> contents = Set.of();
        private Object version;

        Watched(Path file, String name, String counted, Loader<E> loader, boolean emptyWhenDeleted) throws IOException {
            this.file = file;
            this.name = name;
            this.counted = counted;
            this.loader = loader;
            this.emptyWhenDeleted = emptyWhenDeleted;
            if (file != null) {
                version = version(file);
                contents = loader.load(file);
            }
        }

        /**
         * Reloads the file if its version changed; true when the set changed. A file that fails to load is
         * logged and changes nothing.
         */
        boolean refresh() {
            if (file == null) {
                return false;
            }
            Object v = versionOrNull(file);
            if (v == null && emptyWhenDeleted && version != null && !Files.exists(file)) {
                v = ABSENT;
            }
            if (v == null || v.equals(version)) {
                return false;
            }
            try {
                Set<E> next = v.equals(ABSENT) ? Set.of() : loader.load(file);
                version = v;
                boolean changed = !next.equals(contents);
                contents = next;
                LOG.info(name + " {} reloaded: {} " + counted, file, next.size());
                return changed;
            } catch (IOException e) {
                LOG.error(name + " {} not reloaded, keeping the previous one: {}", file, e.toString());
                return false;
            }
        }
    }

    private static Object version(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(a.lastModifiedTime(), a.size(), Objects.toString(a.fileKey()));
    }

    private static Object versionOrNull(Path file) {
        try {
            return version(file);
        } catch (IOException e) {
            return null;
        }
    }

    private Set<BigInteger> loadCrl(Path file) throws IOException {
        X509CRL crl;
        try (InputStream in = Files.newInputStream(file)) {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("cannot parse CRL " + file + ": " + e.getMessage(), e);
        }
        if (crl == null) {
            throw new IOException("no CRL in " + file);
        }
        boolean verified = false;
        for (X509Certificate ca : trustedCas) {
            if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                try {
                    crl.verify(ca.getPublicKey());
                    verified = true;
                    break;
                } catch (GeneralSecurityException e) {
                    // try the next CA with the same name
                }
            }
        }
        if (!verified) {
            throw new IOException("CRL " + file + " is not signed by a trusted CA");
        }
        if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(clock.instant())) {
            LOG.warn("CRL {} is past its nextUpdate {}: still enforced; re-sign it (certs crl)", file,
                    crl.getNextUpdate().toInstant());
        }
        crlNextUpdate = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
        Set<BigInteger> serials = new HashSet<>();
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        if (entries != null) {
            for (X509CRLEntry e : entries) {
                serials.add(e.getSerialNumber());
            }
        }
        return Set.copyOf(serials);
    }

    private static Set<String> loadSuspended(Path file) throws IOException {
        Set<String> codes = new HashSet<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            int hash = line.indexOf('#');
            String code = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (code.isEmpty()) {
                continue;
            }
            if (!CODE.matcher(code).matches()) {
                throw new IOException(file + " line " + n + ": not an operator code");
            }
            codes.add(code);
        }
        return Set.copyOf(codes);
    }
}
