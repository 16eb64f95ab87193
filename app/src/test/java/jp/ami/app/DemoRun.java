package jp.ami.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Test base: the whole pipeline run once per test class by the demo in one JVM (real components, ports chosen by
 * the OS so a test can run beside a demo), its progress kept and printed after the class's tests, the demo closed
 * then. A subclass states only its run ({@link #options(PrintStream)}) and checks {@link #summary} and {@link #demo}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DemoRun {
    Demo demo;
    DemoSummary summary;
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    /** The run, its progress written to {@code progress}. */
    abstract DemoOptions options(PrintStream progress);

    /** What of the progress is printed after the tests: all of it, unless a subclass leaves lines out. */
    String printed(String progress) {
        return progress;
    }

    /** The demo's progress so far. */
    final String progress() {
        return progress.toString(StandardCharsets.UTF_8);
    }

    @BeforeAll
    final void runPipeline() throws Exception {
        demo = new Demo(options(new PrintStream(progress, true, StandardCharsets.UTF_8)));
        summary = demo.run();
    }

    @AfterAll
    final void stopDemo() {
        System.out.print(printed(progress()));
        if (demo != null) {
            demo.close();
        }
    }
}
