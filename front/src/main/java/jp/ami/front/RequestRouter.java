package jp.ami.front;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides what happens to one request: forwarded (with a canonical URI) or refused (with a status).
 *
 * <p>Routes (everything else is 404):
 * <ul>
 *   <li>{@code GET /30min/FileListReceiver} — no query parameters;</li>
 *   <li>{@code GET /30min/FileReceiver?file=NAME} — exactly one parameter {@code file}, whose value is a
 *       file name {@code W4} + voltage (2 digits) + kind (2 digits) + {@code YYYYMMDDHHMM} + revision
 *       (2 digits) + split (4 digits) + {@code .zip}, i.e. {@code ^W4\d{22}\.zip$}.</li>
 * </ul>
 * The path is compared byte for byte (no percent-decoding, no dot-segment resolution), so
 * {@code /30min/../x} or {@code /30min/%46ileReceiver} are simply unknown paths.
 */
public final class RequestRouter {
    /** Path of the file list. */
    public static final String FILE_LIST_PATH = "/30min/FileListReceiver";
    /** Path of the file download. */
    public static final String FILE_PATH = "/30min/FileReceiver";
    /** Accepted file names. */
    public static final Pattern FILE_NAME = Pattern.compile("W4\\d{22}\\.zip");

    private static final List<String> KNOWN_PATHS = List.of(FILE_LIST_PATH, FILE_PATH);

    private RequestRouter() {
    }

    /** Outcome of routing one request. */
    public sealed interface Decision permits Forward, Refuse {
    }

    /**
     * Forward to the backend.
     *
     * @param uri the canonical origin-form URI to send to the backend
     */
    public record Forward(String uri) implements Decision {
    }

    /**
     * Refuse with an error response.
     *
     * @param status response status
     * @param reason counter to increment
     */
    public record Refuse(HttpResponseStatus status, Rejection reason) implements Decision {
    }

    /** Routes a request whose headers decoded successfully. */
    public static Decision route(HttpRequest request) {
        String uri = request.uri();
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            return new Refuse(HttpResponseStatus.NOT_FOUND, Rejection.NOT_FOUND);
        }
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        if (!KNOWN_PATHS.contains(path)) {
            return new Refuse(HttpResponseStatus.NOT_FOUND, Rejection.NOT_FOUND);
        }
        if (!HttpMethod.GET.equals(request.method())) {
            return new Refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, Rejection.METHOD_NOT_ALLOWED);
        }
        Map<String, List<String>> params;
        try {
            params = new QueryStringDecoder(query, StandardCharsets.UTF_8, false).parameters();
        } catch (IllegalArgumentException e) {
            return badRequest();
        }
        if (path.equals(FILE_LIST_PATH)) {
            return query.isEmpty() ? new Forward(FILE_LIST_PATH) : badRequest();
        }
        List<String> file = params.get("file");
        if (params.size() != 1 || file == null || file.size() != 1 || !FILE_NAME.matcher(file.get(0)).matches()) {
            return badRequest();
        }
        return new Forward(FILE_PATH + "?file=" + file.get(0));
    }

    private static Refuse badRequest() {
        return new Refuse(HttpResponseStatus.BAD_REQUEST, Rejection.BAD_REQUEST);
    }
}
