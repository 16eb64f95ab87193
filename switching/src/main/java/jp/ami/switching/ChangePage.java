package jp.ami.switching;

import java.util.List;

/**
 * One IF_11110 page: the caller's applications in change order.
 *
 * @param applications their current values
 * @param changes      the number of each one's last change (same order)
 * @param next         the cursor for the following page (the last change here, or the cursor asked for)
 * @param more         whether more changes follow {@code next} already
 */
public record ChangePage(List<Application> applications, List<Long> changes, long next, boolean more) {
    public ChangePage {
        applications = List.copyOf(applications);
        changes = List.copyOf(changes);
    }
}
