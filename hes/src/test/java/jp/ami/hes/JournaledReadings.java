package jp.ami.hes;

import jp.ami.journal.JournalTailer;
import jp.ami.journal.ReadingBatch;

/** Test helper: how many reading records a head-end's Chronicle journal holds, read from its start. */
final class JournaledReadings {
    private JournaledReadings() {
    }

    static int count(HesServer server) {
        int n = 0;
        ReadingBatch b = new ReadingBatch();
        try (JournalTailer t = server.journal().tailerFromStart()) {
            while (t.poll(b)) {
                n += b.size();
            }
        }
        return n;
    }
}
