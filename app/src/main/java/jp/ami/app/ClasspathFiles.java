package jp.ami.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Static files of a page, read once from this jar's resources, by URL path: bytes and content type. Only the files
 * named at construction are served, nothing else of the class path.
 */
final class ClasspathFiles {
    /** One file: its bytes and content type. */
    record File(byte[] bytes, String contentType) {
    }

    private final Map<String, File> files = new HashMap<>();

    /**
     * @param base   resource folder, e.g. {@code jp/ami/app/dashboard/}
     * @param byPath URL path → resource name under {@code base}
     */
    ClasspathFiles(String base, Map<String, String> byPath) {
        byPath.forEach((path, name) -> files.put(path, load(base + name)));
    }

    /** The file served at {@code path}, null when none. */
    File at(String path) {
        return files.get(path);
    }

    private static File load(String resource) {
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the jar: " + resource);
            }
            return new File(in.readAllBytes(), type(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=UTF-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=UTF-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=UTF-8";
        }
        return "application/octet-stream";
    }
}
