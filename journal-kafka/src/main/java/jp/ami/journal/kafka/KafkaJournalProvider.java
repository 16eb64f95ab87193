package jp.ami.journal.kafka;

import jp.ami.journal.ReadingLog;
import jp.ami.journal.ReadingLogProvider;

/** Opens {@code kafka://…} journal locations for {@link jp.ami.journal.ReadingLogs} (registered with ServiceLoader). */
public final class KafkaJournalProvider implements ReadingLogProvider {
    @Override
    public String scheme() {
        return KafkaLocation.SCHEME;
    }

    @Override
    public ReadingLog open(String location) {
        return KafkaJournal.open(location);
    }
}
