package jp.ami.retailer;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import jp.ami.model.DeliveryFileNames;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * A retailer's client for the pull API of 30-minute values and confirmed-usage notices behind the DMZ front (mutual TLS).
 *
 * <pre>{@code
 * RetailerClient c = new RetailerClient(URI.create("https://127.0.0.1:8443"),
 *         TlsMaterial.fromPkcs12(p12, password, caPem));
 * for (RemoteFile f : c.list()) c.download(f, outDir);
 * }</pre>
 *
 * HTTP errors raise {@link RetailerHttpException} (with the status code), TLS failures
 * {@link RetailerTlsException}, other transport failures plain {@link IOException}.
 */
public final class RetailerClient {
    /** Path of the file list below the base URL. */
    public static final String FILE_LIST_PATH = "/30min/FileListReceiver";
    /** Path of the file download below the base URL. */
    public static final String FILE_PATH = "/30min/FileReceiver";
    /** Path of the confirmed-usage notice list (W5 files). */
    public static final String USAGE_LIST_PATH = "/usage/FileListReceiver";
    /** Path of a confirmed-usage notice download. */
    public static final String USAGE_FILE_PATH = "/usage/FileReceiver";
    /**
     * Names the client accepts: {@code W4} + 22 digits + {@code .zip} (30-minute values) or {@code W5} + 19 digits +
     * {@code .zip} (confirmed usage). Anything else is never requested or written.
     */
    public static final Pattern FILE_NAME = Pattern.compile(DeliveryFileNames.VALUES.pattern() + "|" + DeliveryFileNames.USAGE.pattern());

    /** What a list asks for: the 30-minute values (W4) or the confirmed-usage notices (W5). */
    public enum Stream {
        VALUES(FILE_LIST_PATH),
        USAGE(USAGE_LIST_PATH);

        private final String listPath;

        Stream(String listPath) {
            this.listPath = listPath;
        }
    }
    /** Default per-request timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How often one request is repeated after a 429 (the front's rate limit) before it fails: each time after the
     * answer's {@code Retry-After} seconds (1 when absent or unreadable, at most 30); see {@link RateLimitRetry}.
     */
    public static final int MAX_RATE_LIMITED_RETRIES = 10;

    private final String base;
    private final HttpClient http;
    private final Duration timeout;

    /** A client for {@code baseUrl} (e.g. {@code https://127.0.0.1:8443}) with the default timeout. */
    public RetailerClient(URI baseUrl, SSLContext sslContext) {
        this(baseUrl, sslContext, DEFAULT_TIMEOUT);
    }

    /** A client for {@code baseUrl} with a per-request timeout. */
    public RetailerClient(URI baseUrl, SSLContext sslContext, Duration timeout) {
        String b = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(Objects.requireNonNull(sslContext, "sslContext"))
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The caller's 30-minute value files from the legacy HTML list ({@code <comment>rfilename1:"…",rfilesize1:"…"}). */
    public List<RemoteFile> list() throws IOException {
        return list(Stream.VALUES);
    }

    /** The caller's files of {@code stream} from the legacy HTML list. */
    public List<RemoteFile> list(Stream stream) throws IOException {
        return FileListParser.parseLegacy(listBody(stream, "text/html"));
    }

    /** The caller's 30-minute value files from the JSON list ({@code Accept: application/json}). */
    public List<RemoteFile> listJson() throws IOException {
        return listJson(Stream.VALUES);
    }

    /** The caller's files of {@code stream} from the JSON list. */
    public List<RemoteFile> listJson(Stream stream) throws IOException {
        return FileListParser.parseJson(listBody(stream, "application/json"));
    }

    /**
     * Downloads one file into memory.
     *
     * @throws RetailerHttpException e.g. 404 when the file is not (or no longer) offered to this retailer
     * @throws IOException when the body is shorter than the announced Content-Length
     */
    public byte[] download(String name) throws IOException {
        HttpResponse<byte[]> r = sendFile(name, HttpResponse.BodyHandlers.ofByteArray());
        checkLength(name, r.headers().firstValueAsLong("Content-Length"), r.body().length, -1);
        return r.body();
    }

    /** Downloads one file into {@code dir} (size unknown); see {@link #download(RemoteFile, Path)}. */
    public Path download(String name, Path dir) throws IOException {
        return download(new RemoteFile(name, -1), dir);
    }

    /**
     * Downloads one file into {@code dir} under its own name: written to a temporary file first, its size
     * checked against the list's size (when known) and Content-Length, then moved into place, so a
     * partial download never looks complete.
     *
     * @return the written file
     */
    public Path download(RemoteFile file, Path dir) throws IOException {
        String name = file.name();
        Path tmp = Files.createDirectories(dir).resolve("." + checkName(name) + ".part");
        try {
            HttpResponse<Path> r = sendFile(name, HttpResponse.BodyHandlers.ofFile(tmp));
            checkLength(name, r.headers().firstValueAsLong("Content-Length"), Files.size(r.body()), file.size());
            return Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void checkLength(String name, OptionalLong contentLength, long actual, long expected)
            throws IOException {
        if (contentLength.isPresent() && contentLength.getAsLong() != actual) {
            throw new IOException(name + ": received " + actual + " bytes, Content-Length " + contentLength.getAsLong());
        }
        if (expected >= 0 && expected != actual) {
            throw new IOException(name + ": received " + actual + " bytes, list announced " + expected);
        }
    }

    private static String checkName(String name) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("file: " + (name == null ? "null" : "\"" + name + "\"")
                    + " must be W4 + 22 digits + .zip or W5 + 19 digits + .zip");
        }
        return name;
    }

    private static String fileUri(String name) {
        return (checkName(name).startsWith("W5") ? USAGE_FILE_PATH : FILE_PATH) + "?file=" + name;
    }

    /** The body of the list of {@code stream}'s files in the format {@code accept}. */
    private String listBody(Stream stream, String accept) throws IOException {
        return send(request(stream.listPath).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), "file list").body();
    }

    /** The download of file {@code name}, its body taken by {@code handler}. */
    private <T> HttpResponse<T> sendFile(String name, HttpResponse.BodyHandler<T> handler) throws IOException {
        return send(request(fileUri(name)).header("Accept", "application/zip").build(), handler, "download of " + name);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout).GET();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what)
            throws IOException {
        HttpResponse<T> response;
        try {
            // rate-limited: wait as the front asks and try again, as a well-behaved client does
            response = Failsafe.with(RateLimitRetry.POLICY)
                    .get(() -> http.send(request, info -> info.statusCode() == 200 ? handler.apply(info) : discarding()));
        } catch (FailsafeException e) {
            throw failure(what, e.getCause());
        }
        if (response.statusCode() != 200) {
            throw new RetailerHttpException(what, response.statusCode());
        }
        return response;
    }

    /** What a request that failed with {@code cause} (an {@link IOException} or an interrupt) throws. */
    private static IOException failure(String what, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new IOException(what + " interrupted", cause);
        }
        if (!(cause instanceof IOException e)) {
            return new IOException(what + " failed", cause); // http.send throws no other checked exception
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new RetailerTlsException(what + ": TLS failure: " + t.getMessage(), e);
            }
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    private static <T> HttpResponse.BodySubscriber<T> discarding() {
        return (HttpResponse.BodySubscriber<T>) HttpResponse.BodySubscribers.replacing(null);
    }
}
