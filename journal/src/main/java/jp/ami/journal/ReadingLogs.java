package jp.ami.journal;

import java.nio.file.Path;
import java.util.ServiceLoader;
import jp.ami.model.InvalidValueException;

/**
 * Opens a {@link ReadingLog} by location: {@code scheme://…} through the {@link ReadingLogProvider} of that scheme
 * (e.g. {@code kafka://host:port[,host:port]/topic?partition=N}), anything else as a Chronicle journal directory.
 */
public final class ReadingLogs {
    private ReadingLogs() {
    }

    /** Whether {@code location} names a log through a provider rather than a directory. */
    public static boolean isUri(String location) {
        int i = location.indexOf("://");
        return i > 0 && location.substring(0, i).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-');
    }

    /**
     * Opens the log at {@code location}; {@code sync} applies to a Chronicle directory (a provider's log has its own
     * durability, e.g. Kafka's {@code acks=all}).
     */
    public static ReadingLog open(String location, JournalSync sync) {
        if (!isUri(location)) {
            return Journal.open(Path.of(location), sync);
        }
        String scheme = location.substring(0, location.indexOf("://"));
        for (ReadingLogProvider p : ServiceLoader.load(ReadingLogProvider.class)) {
            if (p.scheme().equalsIgnoreCase(scheme)) {
                return p.open(location);
            }
        }
        throw new InvalidValueException("journal", location, "has scheme " + scheme
                + "://, which no journal module on the classpath opens (kafka:// needs journal-kafka)");
    }
}
