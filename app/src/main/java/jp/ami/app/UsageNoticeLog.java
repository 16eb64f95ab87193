package jp.ami.app;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.ami.mdms.usage.NoticeKind;
import jp.ami.mdms.usage.NoticeListener;
import jp.ami.model.OperatorCode;

/** The confirmed-usage notice files the MDMS published during the demo, heard from its engine, in publishing order. */
final class UsageNoticeLog implements NoticeListener {
    /** One published notice file. */
    record Notice(String retailer, String name, NoticeKind kind, LocalDate date, int revision, int points, Instant publishedAt) {
    }

    private final List<Notice> notices = new ArrayList<>();

    @Override
    public synchronized void noticePublished(OperatorCode retailer, String fileName, NoticeKind kind, LocalDate date, int revision,
                                             int points, long sizeBytes, Instant publishedAt) {
        notices.add(new Notice(retailer.value(), fileName, kind, date, revision, points, publishedAt));
    }

    synchronized List<Notice> notices() {
        return List.copyOf(notices);
    }
}
