package jp.ami.mdms.reissue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.outbox.OutboxFile;

/**
 * What a retailer was delivered for one file stem (a slot's or a day's W4 name up to the revision): the latest
 * revision in its outbox (files still on disk), that revision's files by split number, and reading a delivered ZIP's entry and created-at.
 *
 * <pre>
 * W4 1110 YYYYMMDDHHMM RR SSSS .zip
 * └──── stem (18) ───┘ │  └ split (chars 20–23)
 *                      └ revision (chars 18–19)
 * </pre>
 */
final class Delivered {
    private static final int STEM = 18;
    private static final DateTimeFormatter JPC03 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** The latest revision for {@code stem} in {@code retailer}'s outbox, its files by split; revision -1 when none. */
    record Latest(int revision, TreeMap<Integer, OutboxFile> splits) {
        boolean none() {
            return revision < 0;
        }
    }

    private Delivered() {
    }

    static Latest latest(Outbox outbox, String retailer, String stem) {
        List<OutboxFile> files = outbox.listAfter(retailer, stem, null);
        int latest = -1;
        TreeMap<Integer, OutboxFile> splits = new TreeMap<>();
        for (OutboxFile f : files) {
            if (!Files.isRegularFile(f.path())) {
                continue; // indexed, but gone from the disk: missing
            }
            int rev = Integer.parseInt(f.name().substring(STEM, STEM + 2));
            int split = Integer.parseInt(f.name().substring(STEM + 2, STEM + 6));
            if (rev > latest) {
                latest = rev;
                splits.clear();
            }
            if (rev == latest) {
                splits.put(split, f);
            }
        }
        return new Latest(latest, splits);
    }

    static String stem(String fileName) {
        return fileName.substring(0, STEM);
    }

    static byte[] bytes(OutboxFile f) {
        try {
            return Files.readAllBytes(f.path());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read delivered file " + f.path(), e);
        }
    }

    /** The bytes of the one entry of a delivered ZIP (with its name prefixed, so a renamed entry differs). */
    static byte[] entry(byte[] zip) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e = in.getNextEntry();
            if (e == null) {
                throw new IllegalStateException("delivered ZIP has no entry");
            }
            byte[] name = (e.getName() + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] body = in.readAllBytes();
            byte[] out = new byte[name.length + body.length];
            System.arraycopy(name, 0, out, 0, name.length);
            System.arraycopy(body, 0, out, name.length, body.length);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a delivered ZIP", e);
        }
    }

    /** The created-at (JPC03, JST) of a delivered file's XML. */
    static LocalDateTime createdAt(byte[] zip) {
        byte[] entry = entry(zip);
        String xml = new String(entry, 0, Math.min(entry.length, 400), StandardCharsets.ISO_8859_1);
        int at = xml.indexOf("<JPC03>");
        if (at < 0) {
            throw new IllegalStateException("delivered file has no JPC03");
        }
        return LocalDateTime.parse(xml.substring(at + 7, at + 21), JPC03);
    }
}
