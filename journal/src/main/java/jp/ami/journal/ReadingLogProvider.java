package jp.ami.journal;

/**
 * Opens reading logs of one URI scheme (e.g. {@code kafka}); found with {@link java.util.ServiceLoader}, so a module
 * that only appends or reads does not depend on the implementation's client library.
 */
public interface ReadingLogProvider {
    /** The scheme this provider opens, without {@code ://}. */
    String scheme();

    /**
     * Opens the log at {@code location} (the whole URI, scheme included), checking that it exists and is reachable.
     *
     * @throws jp.ami.model.InvalidValueException  when the URI is malformed
     * @throws JournalUnavailableException          when the log cannot be reached or does not exist
     */
    ReadingLog open(String location);
}
