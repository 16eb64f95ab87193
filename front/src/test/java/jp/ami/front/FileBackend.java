package jp.ami.front;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the internal delivery service that keeps each operator's files apart (by
 * {@code X-Ami-Operator}), with the legacy HTML and JSON lists, {@code since}, and on downloads
 * Content-Length, a strong ETag, {@code If-None-Match} (304) and a single byte {@code Range} (206).
 */
final class FileBackend extends HttpBackend {
    final Map<String, Map<String, byte[]>> files = new ConcurrentHashMap<>();
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    FileBackend() throws IOException {
    }

    void put(String operator, String name, byte[] content) {
        files.computeIfAbsent(operator, o -> new ConcurrentHashMap<>()).put(name, content);
    }

    static String etag(byte[] b) {
        return "\"" + Integer.toHexString(java.util.Arrays.hashCode(b)) + "-" + b.length + "\"";
    }

    @Override
    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String operator = ex.getRequestHeaders().getFirst("X-Ami-Operator");
            Map<String, byte[]> mine = new TreeMap<>(files.getOrDefault(operator == null ? "" : operator, Map.of()));
            Map<String, String> q = new TreeMap<>();
            String raw = ex.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String kv : raw.split("&")) {
                    int eq = kv.indexOf('=');
                    q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/30min/FileListReceiver")) {
                String since = q.get("since");
                Map<String, byte[]> listed = since == null ? mine : ((TreeMap<String, byte[]>) mine).tailMap(since, false);
                boolean json = "application/json".equals(ex.getRequestHeaders().getFirst("Accept"));
                StringBuilder b = new StringBuilder();
                int i = 0;
                if (json) {
                    b.append("{\"operator\":\"").append(operator).append("\",\"files\":[");
                    for (Map.Entry<String, byte[]> e : listed.entrySet()) {
                        b.append(i++ > 0 ? "," : "").append("{\"name\":\"").append(e.getKey()).append("\",\"size\":")
                                .append(e.getValue().length).append('}');
                    }
                    b.append("]}");
                } else {
                    b.append("<html><body><comment>");
                    for (Map.Entry<String, byte[]> e : listed.entrySet()) {
                        i++;
                        b.append(i > 1 ? "," : "").append("rfilename").append(i).append(":\"").append(e.getKey())
                                .append("\",rfilesize").append(i).append(":\"").append(e.getValue().length).append('"');
                    }
                    b.append("</comment></body></html>");
                }
                send(ex, 200, json ? "application/json" : "text/html", b.toString().getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/30min/FileReceiver")) {
                byte[] f = mine.get(q.get("file"));
                if (f == null) {
                    send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                String tag = etag(f);
                ex.getResponseHeaders().set("ETag", tag);
                ex.getResponseHeaders().set("Accept-Ranges", "bytes");
                if (tag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                    ex.sendResponseHeaders(304, -1);
                    return;
                }
                String range = ex.getRequestHeaders().getFirst("Range");
                Matcher m = range == null ? null : RANGE.matcher(range);
                if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    long start = m.group(1).isEmpty() ? f.length - Long.parseLong(m.group(2)) : Long.parseLong(m.group(1));
                    long end = m.group(1).isEmpty() || m.group(2).isEmpty() ? f.length - 1
                            : Math.min(f.length - 1, Long.parseLong(m.group(2)));
                    ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + f.length);
                    byte[] part = java.util.Arrays.copyOfRange(f, (int) start, (int) end + 1);
                    send(ex, 206, "application/zip", part);
                    return;
                }
                send(ex, 200, "application/zip", f);
            } else {
                send(ex, 404, "text/plain", "no such path /internal/detail\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }
}
