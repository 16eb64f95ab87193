package jp.ami.mdms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Predicate;

/**
 * An append-only file of ASCII lines that survives a crash: opening it reads every complete line through a parser and
 * cuts the file after the last line the parser accepted (a torn or unreadable tail left by a crash is dropped), then
 * appends after it. What the MDMS's own logs share ({@link EngineLog}, the switch ledger). Not thread-safe: its owner
 * serialises access.
 */
public final class LineLog implements AutoCloseable {
    private final Path file;
    private final String what;
    private final FileChannel channel;

    /**
     * Opens (creating) {@code file}, feeding each complete line (without its {@code \n}), split at its spaces, to
     * {@code parse} until it returns false or throws a {@link RuntimeException} (a missing or malformed field): that
     * line and all after it are cut off.
     *
     * @param what what the file is, for error messages ("engine log")
     */
    public LineLog(Path file, String what, Predicate<String[]> parse) {
        this.file = file;
        this.what = what;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            byte[] all = Files.readAllBytes(file);
            int good = 0;
            int lineStart = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] != '\n') {
                    continue;
                }
                if (!accepts(parse, new String(all, lineStart, i - lineStart, StandardCharsets.US_ASCII))) {
                    break;
                }
                lineStart = i + 1;
                good = i + 1;
            }
            if (good < all.length) {
                channel.truncate(good);
            }
            channel.position(good);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + what + " " + file, e);
        }
    }

    private static boolean accepts(Predicate<String[]> parse, String line) {
        try {
            return parse.test(line.split(" "));
        } catch (RuntimeException e) {
            return false;
        }
    }

    public Path file() {
        return file;
    }

    /** Appends {@code line} (which ends with {@code \n}); with {@code force}, to the disk before returning. */
    public void append(String line, boolean force) {
        try {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                channel.write(b);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + what + " " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + what + " " + file, e);
        }
    }
}
