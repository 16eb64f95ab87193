package jp.ami.retailer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pull directory already holds: the file {@value #FILE_NAME} in the download directory, one
 * {@code NAME<TAB>SIZE} line per file downloaded and size-checked. A file is fetched again only when it is
 * not recorded (deleting a downloaded ZIP does not make it come back; deleting its line does). Corrections
 * are re-issued under new names (higher revision), so they are new files. Written atomically after every
 * file, so an interrupted pull resumes where it stopped.
 */
public final class PullState {
    /** Name of the state file inside the download directory. */
    public static final String FILE_NAME = ".ami-pull-state";

    private final Path file;
    private final Map<String, Long> files;

    private PullState(Path file, Map<String, Long> files) {
        this.file = file;
        this.files = files;
    }

    /** Reads the state of {@code dir}; none yet is an empty state. Files present from before are adopted. */
    public static PullState load(Path dir) throws IOException {
        Path f = dir.resolve(FILE_NAME);
        Map<String, Long> files = new TreeMap<>();
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0 && RetailerClient.FILE_NAME.matcher(line.substring(0, tab)).matches()) {
                    files.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1).trim()));
                }
            }
        }
        return new PullState(f, files);
    }

    /** True when {@code name} was downloaded before. */
    public boolean has(String name) {
        return files.containsKey(name);
    }

    /** Recorded files and sizes. */
    public Map<String, Long> files() {
        return Collections.unmodifiableMap(files);
    }

    /** Records a downloaded file and saves the state. */
    public void record(String name, long size) throws IOException {
        files.put(name, size);
        StringBuilder b = new StringBuilder();
        files.forEach((n, s) -> b.append(n).append('\t').append(s).append('\n'));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
