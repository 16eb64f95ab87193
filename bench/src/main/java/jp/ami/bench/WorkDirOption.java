package jp.ami.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --dir DIR} of the benchmarks that write files ({@code @Mixin WorkDirOption workDir;}): run in DIR (created
 * if absent, kept afterwards), or by default in a new temporary directory deleted afterwards.
 */
final class WorkDirOption {
    /** What runs in the work directory. */
    interface Body {
        void run(Path work) throws Exception;
    }

    @Option(names = "--dir", description = "Work directory (default: a temporary directory, deleted afterwards).")
    Path dir;

    /** Runs {@code body} in {@code --dir}, else in a temporary directory named {@code tempPrefix…}, deleted after. */
    void run(String tempPrefix, Body body) throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory(tempPrefix);
        try {
            body.run(work);
        } finally {
            if (dir == null) {
                BenchFiles.deleteRecursively(work);
            }
        }
    }
}
