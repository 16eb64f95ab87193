package jp.ami.mdms.usage;

/**
 * What the confirmed-usage notices have done since start (first issues unless named otherwise).
 *
 * @param files          notice files published, re-issues included
 * @param monthly        monthly notice records (one per point and period)
 * @param exchanges      meter-exchange notice records
 * @param specials       special-reading notice records
 * @param matches        monthly and special records whose total equals the register difference
 * @param mismatches     records whose total differs from the register difference (flagged in the file)
 * @param unverifiable   records with a register unknown at either end
 * @param cannotProvide  records with no usable value (can-provide code 1)
 * @param reissues       notice files re-issued with a higher revision (a value of a closed period was revised)
 * @param lastCloseNanos how long the last day's close took (selecting, computing and writing every notice)
 * @param lastClosePoints records written by the last day's close
 */
public record UsageStats(long files, long monthly, long exchanges, long specials, long matches, long mismatches,
                         long unverifiable, long cannotProvide, long reissues, long lastCloseNanos, long lastClosePoints) {
}
