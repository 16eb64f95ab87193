package jp.ami.mdms;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import jp.ami.mdms.slots.SlotEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine snapshot {@code <dataDir>/engine.snapshot}: the engine state after a number of journal documents
 * and {@link EngineLog} events, both written at its head, so a restart restores it and replays only what follows.
 */
final class EngineSnapshots {
    /** Logs under the server's name, as before the split, so the MDMS log reads the same. */
    /** Logs under the server's name, as before it was split, so the MDMS log reads the same. */
    private static final Logger LOG = LoggerFactory.getLogger(MdmsServer.class);

    /** What a restored snapshot covers: the first {@code documents} journal documents and {@code events} log events. */
    record Position(long documents, long events) {
    }

    private final Path file;
    private final EngineLog log;

    EngineSnapshots(Path dataDir, EngineLog log) {
        this.file = dataDir.resolve("engine.snapshot");
        this.log = log;
    }

    /**
     * Writes the engine state after {@code consumed} documents and every logged event (temporary file, then an atomic
     * move). A failed write is logged; the previous snapshot stays.
     */
    void write(SlotEngine e, long consumed) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeLong(consumed);
            out.writeLong(log.eventCount());
            e.snapshot(out);
        } catch (IOException ex) {
            LOG.warn("cannot write engine snapshot {}: {}", tmp, ex.toString());
            return;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ex) {
            LOG.warn("cannot install engine snapshot {}: {}", file, ex.toString());
        }
    }

    /**
     * Restores the snapshot into {@code e}; returns what it covers, or null to replay from the start. When a snapshot
     * was there but did not restore, {@code discard} runs first: a partly restored engine must not be used.
     */
    Position restore(SlotEngine e, Runnable discard) {
        if (!Files.exists(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            long documents = in.readLong();
            long events = in.readLong();
            if (events <= log.eventCount() && e.restore(in)) {
                LOG.info("restored engine snapshot: {} journal documents, {} events", documents, events);
                return new Position(documents, events);
            }
            LOG.warn("engine snapshot {} does not fit the engine log or master data: replaying from the start", file);
        } catch (IOException | RuntimeException ex) {
            LOG.warn("cannot read engine snapshot {}: {}; replaying from the start", file, ex.toString());
        }
        discard.run();
        return null;
    }
}
