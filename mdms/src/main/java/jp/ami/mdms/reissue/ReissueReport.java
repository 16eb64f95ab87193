package jp.ami.mdms.reissue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What a re-issue did, file by file.
 *
 * @param date         the JST day asked for (ISO)
 * @param slot         the slot number asked for (1–48), or null for the whole day (48 per-slot files and the per-day files)
 * @param retailer     the retailer asked for, or null for every retailer
 * @param identical    files regenerated from the stored values whose XML entry is byte-identical to the latest delivered
 *                     one: nothing written
 * @param republished  files missing from the outbox, published again with their revision and created-at
 * @param newRevisions files published as a new revision because the stored values differ from the latest delivered file
 * @param files        one line per file, in the order they were handled
 *
 * <p>Its JSON (the answer of {@link ReissueRoute}) has these fields in this order, with {@link #reissueIdentical()}
 * before {@code files}.
 */
@JsonPropertyOrder({"date", "slot", "retailer", "identical", "republished", "newRevisions", "reissueIdentical", "files"})
public record ReissueReport(String date, Integer slot, String retailer, int identical, int republished, int newRevisions,
                            List<FileOutcome> files) {
    /** What happened to one file. */
    public enum Outcome { IDENTICAL, REPUBLISHED, NEW_REVISION }

    /**
     * One file.
     *
     * @param retailer           the retailer's code
     * @param name               the file name (for a new revision: the new name)
     * @param outcome            what was done
     * @param containerIdentical for {@link Outcome#IDENTICAL}: whether the whole ZIP (not only its entry) is
     *                           byte-identical to the delivered file; false otherwise
     */
    public record FileOutcome(String retailer, String name, Outcome outcome, boolean containerIdentical) {
    }

    /** True when at least one file was regenerated and every one was byte-identical (nothing written). */
    @JsonProperty("reissueIdentical")
    public boolean reissueIdentical() {
        return identical > 0 && republished == 0 && newRevisions == 0;
    }
}
