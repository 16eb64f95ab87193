package jp.ami.mdms.correction;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable audit trail of operator corrections, {@code <dataDir>/corrections.log}: one {@link Correction} per line as
 * JSON (UTF-8, {@code '\n'}-terminated), appended and forced to disk ({@code fsync}) before the correction is applied, so
 * an acknowledged correction survives a power loss and the engine replays it after a restart. Opening reads every
 * complete line; a torn last line (a crash mid-write) is cut off. Example line:
 * <pre>
 * {"id":1,"supplyPoint":"0310111001234500000002","slotIndex":985745,"units":1200,"status":"ESTIMATED",
 *  "operator":"ops-tanaka","reason":"meter display read on site","at":"2026-11-23T01:10:00Z","before":782,"revision":3}
 * </pre>
 */
public final class CorrectionLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final Map<Long, Correction> byId = new LinkedHashMap<>();

    private CorrectionLog(Path file) throws IOException {
        this.file = file;
        long valid = 0;
        if (Files.exists(file)) {
            byte[] all = Files.readAllBytes(file);
            int start = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == '\n') {
                    try {
                        Correction c = JSON.readValue(all, start, i - start, Correction.class);
                        byId.put(c.id(), c);
                    } catch (IOException e) {
                        break; // a line that does not parse: cut off here
                    }
                    start = i + 1;
                    valid = start;
                }
            }
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(valid);
        channel.position(valid);
    }

    /** Opens (creating) the log at {@code file}. */
    public static CorrectionLog open(Path file) {
        try {
            return new CorrectionLog(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the correction log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The next correction's id. */
    public synchronized long nextId() {
        return byId.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
    }

    /** Appends {@code c} and forces it to disk. */
    public synchronized void append(Correction c) {
        try {
            byte[] line = (JSON.writeValueAsString(c) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            channel.force(false);
            byId.put(c.id(), c);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the correction log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The correction with id {@code id}, or null. */
    public synchronized Correction get(long id) {
        return byId.get(id);
    }

    /** Every correction, in log order. */
    public synchronized List<Correction> all() {
        return new ArrayList<>(byId.values());
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to keep: every append was forced
        }
    }
}
