package jp.ami.bench.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;
import jp.ami.retailer.W4Files;

/**
 * A chaos run's outbox against the clean run's of the same seed: the files byte for byte (name → SHA-256), and the
 * 30-minute values the retailers end up with (each retailer's files in name order, a later revision replacing an
 * earlier one). {@code lost}: a value present in the clean run that is absent, or not "present", after the chaos;
 * {@code duplicates}: a (slot, supply point) held more often than in the clean run (twice in a file, or by two
 * retailers); {@code differing}: present in both, another value.
 */
record OutboxComparison(int cleanFiles, int chaosFiles, List<String> differentFiles, long cleanValues, long lost,
                        long duplicates, long differing) {
    boolean identical() {
        return differentFiles.isEmpty() && cleanFiles == chaosFiles;
    }

    static OutboxComparison of(Path clean, Path chaos) throws IOException {
        Map<String, String> a = digests(clean);
        Map<String, String> b = digests(chaos);
        List<String> different = new ArrayList<>();
        for (String name : a.keySet()) {
            if (!a.get(name).equals(b.get(name))) {
                different.add(name + (b.containsKey(name) ? " (other bytes)" : " (missing)"));
            }
        }
        for (String name : b.keySet()) {
            if (!a.containsKey(name)) {
                different.add(name + " (extra)");
            }
        }
        Values va = Values.of(clean);
        Values vb = Values.of(chaos);
        long lost = 0;
        long differing = 0;
        for (var e : va.last.entrySet()) {
            if (!e.getValue().startsWith("0|")) {
                continue;
            }
            String other = vb.last.get(e.getKey());
            if (other == null || !other.startsWith("0|")) {
                lost++;
            } else if (!other.equals(e.getValue())) {
                differing++;
            }
        }
        long duplicates = 0;
        for (var e : vb.occurrences.entrySet()) {
            duplicates += Math.max(0, e.getValue() - va.occurrences.getOrDefault(e.getKey(), 0));
        }
        return new OutboxComparison(a.size(), b.size(), List.copyOf(different), va.last.size(), lost, duplicates, differing);
    }

    /** Every file under {@code outbox} (relative name → SHA-256 hex). */
    static Map<String, String> digests(Path outbox) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(outbox)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(outbox)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.put(outbox.relativize(f).toString(), sha256(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values of one outbox: the last word per (slot, point), and how often each (slot, point) is held. */
    private record Values(Map<String, String> last, Map<String, Integer> occurrences) {
        static Values of(Path outbox) throws IOException {
            Map<String, String> last = new HashMap<>();
            Map<String, Integer> occurrences = new HashMap<>();
            if (!Files.isDirectory(outbox)) {
                return new Values(last, occurrences);
            }
            // per (retailer, slot stamp): the newest revision's rows only (names sort by revision within a slot)
            Map<String, Path> newest = new TreeMap<>();
            try (Stream<Path> files = Files.walk(outbox)) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith("W41110")).sorted().toList()) {
                    String name = f.getFileName().toString();
                    // W4 1110 yyyyMMddHHmm(slot end) rr(revision) nnnn(part) .zip
                    String key = f.getParent().getFileName() + "/" + name.substring(0, 18) + name.substring(20);
                    newest.put(key, f);
                }
            }
            for (Path f : newest.values()) {
                try (InputStream in = Files.newInputStream(f); ZipInputStream zip = new ZipInputStream(in)) {
                    while (zip.getNextEntry() != null) {
                        W4Files.read(new java.io.ByteArrayInputStream(zip.readAllBytes()), row -> {
                            String k = row.date() + "#" + row.slot() + "/" + row.supplyPoint();
                            last.put(k, row.status() + "|" + row.kwh());
                            occurrences.merge(k, 1, Integer::sum);
                        });
                    }
                }
            }
            return new Values(last, occurrences);
        }
    }
}
