package jp.ami.mdms.slots;

import java.time.Instant;
import jp.ami.model.OperatorCode;

/** Told when a file has been moved into a retailer's outbox. Called on the engine thread. */
@FunctionalInterface
public interface FilePublishedListener {
    /**
     * @param retailer    the receiving retailer
     * @param fileName    the W4 file name, e.g. {@code W41110202611220100000001.zip}
     * @param slotIndex   the slot the file carries
     * @param sizeBytes   size of the ZIP
     * @param publishedAt when it became visible in the outbox, on the engine's clock
     */
    void filePublished(OperatorCode retailer, String fileName, long slotIndex, long sizeBytes, Instant publishedAt);
}
