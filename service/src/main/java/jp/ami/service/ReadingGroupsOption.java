package jp.ami.service;

import java.nio.file.Path;
import java.util.Optional;
import jp.ami.model.calendar.ReadingCalendar;
import picocli.CommandLine.Option;

/**
 * {@code --reading-groups FILE} ({@code @Mixin ReadingGroupsOption readingGroups;}): the reading calendar's groups
 * from a CSV {@code reading_group,basic_day} instead of the built-in 20 ({@link ReadingCalendar#load}).
 */
public final class ReadingGroupsOption {
    @Option(names = "--reading-groups", description = "CSV reading_group,basic_day of the reading calendar (default: the built-in 20 groups)")
    Path readingGroups;

    /** The calendar of the given file, or empty when none was given (the caller keeps its default). */
    public Optional<ReadingCalendar> calendar() {
        return readingGroups == null ? Optional.empty() : Optional.of(ReadingCalendar.load(readingGroups));
    }
}
