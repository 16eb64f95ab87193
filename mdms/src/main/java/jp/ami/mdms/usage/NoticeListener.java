package jp.ami.mdms.usage;

import java.time.Instant;
import java.time.LocalDate;
import jp.ami.model.OperatorCode;

/** Told when a confirmed-usage notice file has been moved into a retailer's outbox. Called on the engine thread. */
@FunctionalInterface
public interface NoticeListener {
    /**
     * @param date        the notice's date (JP06116, in its file name): reading day, day after an exchange, switch date
     * @param revision    00 for the first issue
     * @param publishedAt when it became visible, on the engine's clock
     */
    void noticePublished(OperatorCode retailer, String fileName, NoticeKind kind, LocalDate date, int revision, int points,
                         long sizeBytes, Instant publishedAt);
}
