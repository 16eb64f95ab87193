package jp.ami.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator suspension list: a plain text file, one suspended operator code per line, optionally
 * followed by {@code #} and a comment; blank lines and lines starting with {@code #} are ignored:
 * <pre>
 * # suspended operators (read by the front, reloaded on change)
 * R0013  # 2026-11-22T04:00:00Z unpaid invoices
 * </pre>
 * Suspension blocks an operator's access at the front without revoking its certificate; resuming removes
 * the line. The file is rewritten atomically, so the front never reads half a list.
 */
public final class SuspensionList {
    private final Path file;
    private final Map<String, String> suspended; // code -> comment ("" if none)

    private SuspensionList(Path file, Map<String, String> suspended) {
        this.file = file;
        this.suspended = suspended;
    }

    /** Reads the list; an absent file is an empty list. Malformed codes are an error naming the line. */
    public static SuspensionList load(Path file) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        if (Files.exists(file)) {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                int hash = text.indexOf('#');
                String code = (hash < 0 ? text : text.substring(0, hash)).strip();
                String comment = hash < 0 ? "" : text.substring(hash + 1).strip();
                if (!OperatorCodes.isValid(code)) {
                    throw new IOException(file + " line " + n + ": \"" + code + "\" is not an operator code");
                }
                map.put(code, comment);
            }
        }
        return new SuspensionList(file, map);
    }

    /** Suspended codes with their comments, in file order. */
    public Map<String, String> entries() {
        return Collections.unmodifiableMap(suspended);
    }

    /** True when {@code code} is suspended. */
    public boolean isSuspended(String code) {
        return suspended.containsKey(code);
    }

    /** Suspends an operator (updates the comment when already suspended). */
    public void suspend(String code, String comment) {
        suspended.put(OperatorCodes.requireValid(code), comment == null ? "" : comment.replace('\n', ' ').strip());
    }

    /** Resumes an operator; returns false when it was not suspended. */
    public boolean resume(String code) {
        return suspended.remove(OperatorCodes.requireValid(code)) != null;
    }

    /** Writes the list atomically. */
    public void save() throws IOException {
        StringBuilder b = new StringBuilder("# suspended operator codes, one per line (# comment); read by the front\n");
        suspended.forEach((code, comment) -> b.append(code).append(comment.isEmpty() ? "" : "  # " + comment).append('\n'));
        CertificateIndex.writeAtomically(file, b.toString());
    }
}
