package jp.ami.certs;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The register of every certificate the CA issued: a tab-separated text file, one line per certificate,
 * columns
 * <pre>
 * serial(hex)  kind(server|client|other)  status(VALID|REVOKED)  operator(or -)  notBefore  notAfter
 *   revokedAt(or -)  reason(or -)  subject
 * </pre>
 * Lines starting with {@code #} are comments. The file is rewritten atomically (temp file + move).
 */
public final class CertificateIndex {
    /** Status of an issued certificate. */
    public enum Status { VALID, REVOKED }

    /**
     * One issued certificate.
     *
     * @param serialHex serial, lower-case hex
     * @param kind server, client or other
     * @param status valid or revoked
     * @param operator operator code of a client certificate, or null
     * @param notBefore start of validity
     * @param notAfter end of validity
     * @param revokedAt revocation time, or null
     * @param reason revocation reason, or null
     * @param subject subject DN (BouncyCastle rendering)
     */
    public record Entry(String serialHex, String kind, Status status, String operator, Instant notBefore,
                        Instant notAfter, Instant revokedAt, RevocationReason reason, String subject) {

        /** A VALID entry describing {@code certificate}. */
        public static Entry of(X509Certificate certificate, String kind) {
            return new Entry(certificate.getSerialNumber().toString(16), kind, Status.VALID,
                    CertificateNames.operatorCode(certificate).orElse(null),
                    certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), null, null,
                    CertificateNames.subject(certificate).toString());
        }

        /** The serial as a number. */
        public BigInteger serial() {
            return new BigInteger(serialHex, 16);
        }

        /** This entry, revoked. */
        public Entry revoked(Instant at, RevocationReason why) {
            return new Entry(serialHex, kind, Status.REVOKED, operator, notBefore, notAfter, at, why, subject);
        }

        String line() {
            return String.join("\t", serialHex, kind, status.name(), dash(operator), notBefore.toString(),
                    notAfter.toString(), revokedAt == null ? "-" : revokedAt.toString(),
                    reason == null ? "-" : reason.name(), subject.replace('\t', ' ').replace('\n', ' '));
        }

        static Entry parse(String line) {
            String[] f = line.split("\t", 9);
            if (f.length != 9) {
                throw new IllegalArgumentException("index line has " + f.length + " columns, expected 9: " + line);
            }
            return new Entry(f[0], f[1], Status.valueOf(f[2]), undash(f[3]), Instant.parse(f[4]), Instant.parse(f[5]),
                    f[6].equals("-") ? null : Instant.parse(f[6]), f[7].equals("-") ? null : RevocationReason.valueOf(f[7]),
                    f[8]);
        }
    }

    private final Path file;
    private final List<Entry> entries;

    private CertificateIndex(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Reads the index at {@code file}; an absent file is an empty index. */
    public static CertificateIndex load(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    entries.add(Entry.parse(line));
                }
            }
        }
        return new CertificateIndex(file, entries);
    }

    /** Every entry, in issue order. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The entry with this serial (hex, any case, leading zeros ignored). */
    public Optional<Entry> find(String serialHex) {
        BigInteger serial = new BigInteger(serialHex, 16);
        return entries.stream().filter(e -> e.serial().equals(serial)).findFirst();
    }

    /** Adds an entry (replacing one with the same serial). */
    public void add(Entry entry) {
        entries.removeIf(e -> e.serial().equals(entry.serial()));
        entries.add(entry);
    }

    /** Replaces the entry with the same serial. */
    public void replace(Entry entry) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).serial().equals(entry.serial())) {
                entries.set(i, entry);
                return;
            }
        }
        throw new IllegalArgumentException("serial: \"" + entry.serialHex() + "\" is not in the index");
    }

    /** Revoked entries. */
    public List<Entry> revoked() {
        return entries.stream().filter(e -> e.status() == Status.REVOKED).toList();
    }

    /** Writes the index atomically. */
    public void save() throws IOException {
        StringBuilder b = new StringBuilder(
                "# serial\tkind\tstatus\toperator\tnotBefore\tnotAfter\trevokedAt\treason\tsubject\n");
        for (Entry e : entries) {
            b.append(e.line()).append('\n');
        }
        writeAtomically(file, b.toString());
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static String undash(String s) {
        return s.equals("-") ? null : s;
    }
}
