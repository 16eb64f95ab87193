package jp.ami.app;

import java.io.PrintStream;

/**
 * The demo's progress lines, {@code "  what   text"}, each flushed as it is printed. They are part of the
 * demo's contract: change none of them without changing what reads them.
 */
final class DemoProgress {
    private final PrintStream out;

    DemoProgress(PrintStream out) {
        this.out = out;
    }

    void step(String what, String format, Object... args) {
        out.printf("  %-6s %s%n", what, String.format(format, args));
        out.flush();
    }
}
