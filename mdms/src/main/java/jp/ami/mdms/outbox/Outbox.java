package jp.ami.mdms.outbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.ami.model.DeliveryFileNames;
import jp.ami.model.OperatorCode;

/**
 * The outbox: published files under {@code <dir>/<RETAILER>/<name>}, and an in-memory index
 * retailer → (file name → size) rebuilt from disk when opened. Publishing writes a hidden temporary file in
 * the retailer's directory and moves it into place atomically, so a reader never sees a partial file.
 *
 * <p>Thread-safe: the engine publishes while the delivery service lists and reads.
 */
public final class Outbox {
    /** Writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path dir;
    private final Map<String, NavigableMap<String, Long>> index = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();

    private Outbox(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating) the outbox in {@code dir} and indexes the files already there. */
    public static Outbox open(Path dir) {
        Outbox o = new Outbox(dir);
        o.rebuild();
        return o;
    }

    public Path dir() {
        return dir;
    }

    private void rebuild() {
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> retailers = Files.newDirectoryStream(dir)) {
                for (Path r : retailers) {
                    String code = r.getFileName().toString();
                    if (!Files.isDirectory(r) || !OperatorCode.isValid(code)) {
                        continue;
                    }
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(r)) {
                        for (Path f : files) {
                            String name = f.getFileName().toString();
                            if (DeliveryFileNames.isDeliveryZip(name) && Files.isRegularFile(f)) {
                                filesOf(code).put(name, Files.size(f));
                            } else if (name.startsWith(".") && name.endsWith(".tmp")) {
                                Files.deleteIfExists(f); // left over from a crash during publish
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index outbox " + dir, e);
        }
    }

    private NavigableMap<String, Long> filesOf(String retailer) {
        return index.computeIfAbsent(retailer, k -> new ConcurrentSkipListMap<>());
    }

    /**
     * Publishes {@code name} for {@code retailer}: writes it to a temporary file, then atomically moves it
     * into place (replacing a file of the same name). Returns its size in bytes.
     */
    public long publish(OperatorCode retailer, String name, Content content) throws IOException {
        if (!DeliveryFileNames.isDeliveryZip(name)) {
            throw new IllegalArgumentException("not a W4 or W5 file name: " + name);
        }
        Path rdir = dir.resolve(retailer.value());
        Files.createDirectories(rdir);
        Path tmp = rdir.resolve("." + name + ".tmp");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
            content.writeTo(out);
        }
        long size = Files.size(tmp);
        Path target = rdir.resolve(name);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        filesOf(retailer.value()).put(name, size);
        published.incrementAndGet();
        return size;
    }

    /** The files of {@code operator} in name order (empty for an unknown or invalid code). */
    public List<OutboxFile> list(String operator) {
        return listAfter(operator, null);
    }

    /** The files of {@code operator} whose name sorts strictly after {@code since} (all when null), W4 and W5. */
    public List<OutboxFile> listAfter(String operator, String since) {
        return listAfter(operator, "", since);
    }

    /**
     * The files of {@code operator} whose name starts with {@code prefix} ({@code "W4"} the 30-minute values, {@code "W5"}
     * the confirmed-usage notices, {@code ""} all) and sorts strictly after {@code since} (all when null).
     */
    public List<OutboxFile> listAfter(String operator, String prefix, String since) {
        if (!OperatorCode.isValid(operator)) {
            return List.of();
        }
        NavigableMap<String, Long> files = index.get(operator);
        if (files == null) {
            return List.of();
        }
        NavigableMap<String, Long> stream = prefix.isEmpty() ? files : files.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
        NavigableMap<String, Long> view = since == null ? stream : stream.tailMap(since, false);
        List<OutboxFile> out = new ArrayList<>(view.size());
        Path rdir = dir.resolve(operator);
        for (Map.Entry<String, Long> e : view.entrySet()) {
            out.add(new OutboxFile(e.getKey(), e.getValue(), rdir.resolve(e.getKey())));
        }
        return out;
    }

    /**
     * The file {@code name} of {@code operator}, only when both are valid and the file is in that
     * operator's index. Never resolves a path from unvalidated input.
     */
    public Optional<OutboxFile> find(String operator, String name) {
        if (!OperatorCode.isValid(operator) || !DeliveryFileNames.isDeliveryZip(name)) {
            return Optional.empty();
        }
        NavigableMap<String, Long> files = index.get(operator);
        Long size = files == null ? null : files.get(name);
        return size == null ? Optional.empty() : Optional.of(new OutboxFile(name, size, dir.resolve(operator).resolve(name)));
    }

    /** Files published by this instance since it was opened. */
    public long publishedCount() {
        return published.get();
    }

    /** Files in the index, all retailers. */
    public int size() {
        int n = 0;
        for (NavigableMap<String, Long> m : index.values()) {
            n += m.size();
        }
        return n;
    }
}
