package jp.ami.mdms.store;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call with {@link System#out} and {@link System#err} sent to the log, line by line. QuestDB prints its
 * start-up and shut-down lines ("Reading log configuration from …", "QuestDB is shutting down...") straight to the
 * console, whatever its log configuration says; in our process the console belongs to the command's own output.
 * Only for start-up and shut-down, which run on one thread while nothing else prints.
 */
final class ConsoleToLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.questdb.console");

    private ConsoleToLog() {
    }

    static <T> T call(Supplier<T> call) {
        synchronized (ConsoleToLog.class) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            PrintStream log = new PrintStream(new LineLogger(), true, StandardCharsets.UTF_8);
            System.setOut(log);
            System.setErr(log);
            try {
                return call.get();
            } finally {
                log.flush();
                System.setOut(out);
                System.setErr(err);
            }
        }
    }

    static void run(Runnable run) {
        call(() -> {
            run.run();
            return null;
        });
    }

    /** Collects bytes up to each newline and logs the line. */
    private static final class LineLogger extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            flushLine();
        }

        private void flushLine() {
            if (line.size() > 0) {
                LOG.info(line.toString(StandardCharsets.UTF_8).stripTrailing());
                line.reset();
            }
        }
    }
}
