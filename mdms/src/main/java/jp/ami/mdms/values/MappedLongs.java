package jp.ami.mdms.values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Memory-mapped little-endian long arrays in sparse files: what {@link DayValues} and {@link DayRegisters} keep. */
final class MappedLongs {
    private MappedLongs() {
    }

    /** Creates {@code dir} (and its parents). */
    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Maps {@code regionBytes} of {@code file} from {@code offset}, creating the file and extending it (sparse: no zeros
     * written) to {@code fileBytes} first when it is shorter.
     */
    static LongBuffer map(Path file, long fileBytes, long offset, long regionBytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (ch.size() < fileBytes) {
                ch.write(ByteBuffer.wrap(new byte[1]), fileBytes - 1);
            }
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, offset, regionBytes);
            m.order(ByteOrder.LITTLE_ENDIAN);
            return m.asLongBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file, e);
        }
    }
}
