package jp.ami.bench.e2e.peer;

import java.nio.file.Path;

/**
 * A way to turn the benchmark's readings into per-retailer 30-minute value exports without our platform.
 * The server a peer uses is started by its constructor (not timed) and stopped by {@link #close()}.
 *
 * <p>Export format (identical for all peers): {@code exportDir/<retailer>.csv} for every retailer named in the
 * master file (empty when it has no values), no header, lines {@code supply_point_id,slot_end_epoch_second,value_units}
 * sorted by slot end then supply point ID (string order), {@code \n} endings.
 */
public interface Peer extends AutoCloseable {
    String name();

    /** Loads {@code in}, computes the values and writes the exports into {@code exportDir} (created if needed). */
    PeerResult run(PeerInput in, Path exportDir) throws Exception;
}
