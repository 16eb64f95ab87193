package jp.ami.mdms.slots;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Revision numbers are two digits in W4 file names: slots and days alike stop at 99. */
class RevisionNumbersTest {
    @Test
    void slot_and_day_revisions_count_up_from_the_first_issue_and_stop_at_99() {
        RevisionNumbers n = new RevisionNumbers();
        n.slotIssued(1000);
        n.dayFilesIssued(20_000);
        for (int i = 1; i <= 99; i++) {
            assertThat(n.nextOfSlot(1000)).isEqualTo(i);
            assertThat(n.nextOfDay(20_000)).isEqualTo(i);
        }
        assertThat(n.nextOfSlot(1000)).isEqualTo(99);
        assertThat(n.nextOfDay(20_000)).isEqualTo(99);
        assertThat(n.ofSlot(1000)).isEqualTo(99);
        assertThat(n.dayMap()).containsEntry(20_000L, 99);
    }
}
