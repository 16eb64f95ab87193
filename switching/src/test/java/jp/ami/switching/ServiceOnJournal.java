package jp.ami.switching;

import static jp.ami.switching.Fixture.START;

import java.nio.file.Path;
import jp.ami.model.ManualClock;
import jp.ami.model.SupplyRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test base: a started switching service {@link #s} over the fixture's registry and a real journal in a temporary
 * directory, on a manual clock at {@link Fixture#START}; the journal is closed after each test.
 */
abstract class ServiceOnJournal {
    @TempDir
    Path dir;
    ManualClock clock;
    SupplyRegistry registry;
    SwitchingJournal journal;
    SwitchingService s;

    @BeforeEach
    void openService() {
        clock = new ManualClock(START);
        registry = Fixture.registry();
        journal = SwitchingJournal.open(dir.resolve("j"));
        s = new SwitchingService(registry, clock, SwitchingConfig.defaults(dir), journal);
        s.start();
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }
}
