package jp.ami.mdms.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The retailer's download screen: one static page with its script and style sheet, read once from this jar's
 * resources ({@code jp/ami/mdms/delivery/screen/}). The page holds no data: its script lists the caller's files with
 * the JSON file lists ({@code /30min/FileListReceiver}, {@code /usage/FileListReceiver}) and downloads them with the
 * file routes, so it sees exactly what the API lets the caller see — the delivery service scopes all of it by
 * {@code X-Ami-Operator}, which only the DMZ front sets. Served under {@link #PAGE}, {@link #SCRIPT} and
 * {@link #STYLE}; the front routes the three paths like the API (mutual TLS, same authorisation).
 */
public final class RetailerScreen {
    /** The page. */
    public static final String PAGE = "/screen/";
    /** Its script. */
    public static final String SCRIPT = "/screen/screen.js";
    /** Its style sheet. */
    public static final String STYLE = "/screen/screen.css";
    /** Same-origin script and style only, no framing: the page never loads anything from elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'none'";

    /** One static resource: its bytes and content type. */
    record Resource(byte[] bytes, String contentType) {
    }

    private static final Map<String, Resource> RESOURCES = Map.of(
            PAGE, load("index.html", "text/html; charset=UTF-8"),
            SCRIPT, load("screen.js", "text/javascript; charset=UTF-8"),
            STYLE, load("screen.css", "text/css; charset=UTF-8"));

    private RetailerScreen() {
    }

    /** The resource served at {@code path}, or null when {@code path} is not one of the screen's. */
    static Resource at(String path) {
        return RESOURCES.get(path);
    }

    private static Resource load(String name, String type) {
        try (InputStream in = RetailerScreen.class.getResourceAsStream("screen/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the jar: screen/" + name);
            }
            return new Resource(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
