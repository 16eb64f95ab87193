package jp.ami.mdms.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import jp.ami.mdms.Fixtures;
import jp.ami.model.OperatorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MDMS's ledger of followed switches: reopened as written, a torn last line cut off, sequence enforced. */
class SwitchLedgerTest {
    @TempDir
    Path dir;

    @Test
    void reopens_what_was_written_and_cuts_a_torn_last_line() throws Exception {
        Path f = dir.resolve("switches.log");
        OperatorCode r3 = OperatorCode.of("R0003");
        try (SwitchLedger l = SwitchLedger.open(f)) {
            assertThat(l.lastSeq()).isZero();
            assertThat(l.settledSlot()).isEqualTo(Long.MIN_VALUE);
            l.append(new SwitchLedger.Applied(1, Fixtures.point(0), 100, r3, 100));
            l.append(new SwitchLedger.Applied(2, Fixtures.point(2), 100, r3, 120));
            l.settled(150);
            assertThatThrownBy(() -> l.append(new SwitchLedger.Applied(4, Fixtures.point(0), 200, r3, 200)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        Files.writeString(f, "S 3 " + Fixtures.point(4).value() + " 2", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        try (SwitchLedger l = SwitchLedger.open(f)) {
            assertThat(l.lastSeq()).isEqualTo(2);
            assertThat(l.settledSlot()).isEqualTo(150);
            assertThat(l.switches()).extracting(SwitchLedger.Applied::effectiveSlot).containsExactly(100L, 120L);
            l.append(new SwitchLedger.Applied(3, Fixtures.point(4), 200, r3, 200));
        }
        assertThat(Files.readAllLines(f)).hasSize(4).last().asString().startsWith("S 3 ");
    }
}
