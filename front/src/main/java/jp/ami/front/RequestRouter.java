package jp.ami.front;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import jp.ami.model.DeliveryFileNames;

/**
 * Authorisation and routing of one request: forwarded (with a canonical URI rebuilt from validated
 * parameters only) or refused (with a status). The caller is always the operator of the client certificate;
 * the front tells the backend who it is ({@code X-Ami-Operator}) and the backend scopes every answer to that
 * operator. The route table {@link #ROUTES} is the single place that says what a retailer may call:
 * <ul>
 *   <li>{@code GET /30min/FileListReceiver[?since=NAME]} — the caller's own files (optionally only those
 *       after {@code NAME});</li>
 *   <li>{@code GET /usage/FileListReceiver[?since=NAME]} and {@code GET /usage/FileReceiver?file=NAME} — the same for the
 *       caller's confirmed-usage notices ({@code W5} + 19 digits + {@code .zip});</li>
 *   <li>{@code GET /30min/FileReceiver?file=NAME} — one of the caller's own files (the backend answers 404
 *       for another operator's file, so existence does not leak);</li>
 *   <li>{@code GET /screen/}, {@code GET /screen/screen.js}, {@code GET /screen/screen.css}, no query — the retailer's
 *       download screen, a static page whose script calls the four routes above (so it sees what the API
 *       shows the caller, nothing more).</li>
 * </ul>
 * {@code NAME} is {@code W4} + voltage (2 digits) + kind (2 digits) + {@code YYYYMMDDHHMM} + revision
 * (2 digits) + split (4 digits) + {@code .zip}, i.e. {@code ^W4\d{22}\.zip$}. Unknown parameters, repeated
 * parameters and malformed values are 400. The path is compared byte for byte (no percent-decoding, no
 * dot-segment resolution), so {@code /30min/../x} or {@code /30min/%46ileReceiver} are simply unknown (404).
 *
 * <p>Switching calls go to the switching service, which scopes every answer by {@code X-Ami-Operator} like the
 * file routes do (someone else's application is 403 there): {@code POST /switching/<code>} for the creates and
 * answers (IF_10110, IF_10210, IF_10310, IF_10410, IF_10510, IF_10610, IF_10710, IF_10810, IF_10910, IS_20110,
 * IS_20410, change, cancel) with a JSON body of at most {@link #MAX_BODY_BYTES}, no query;
 * {@code GET /switching/IF_10220|IF_10420|IF_10520|IF_10620|IF_10720|IF_10820|IF_10920|IS_20210?id=A…},
 * {@code GET /switching/IF_11110[?since=CURSOR][&limit=N]} (the caller's applications changed after the cursor),
 * {@code GET /switching/IS_20310[?status=1–5]}, {@code GET /switching/applications[?id=A…]} and
 * {@code GET /switching/usage?id=A…} (IF_10310 usage values).
 */
public final class RequestRouter {
    /** Path of the file list. */
    public static final String FILE_LIST_PATH = "/30min/FileListReceiver";
    /** Path of the file download. */
    public static final String FILE_PATH = "/30min/FileReceiver";
    /** Path of the confirmed-usage notice list (W5 files). */
    public static final String USAGE_LIST_PATH = "/usage/FileListReceiver";
    /** Path of a confirmed-usage notice download. */
    public static final String USAGE_FILE_PATH = "/usage/FileReceiver";
    /** The retailer's download screen and its two static resources (served by the delivery service). */
    public static final List<String> SCREEN_PATHS = List.of("/screen/", "/screen/screen.js", "/screen/screen.css");
    /** Accepted 30-minute value file names. */
    public static final Pattern FILE_NAME = DeliveryFileNames.VALUES;
    /** Accepted confirmed-usage notice names. */
    public static final Pattern USAGE_FILE_NAME = DeliveryFileNames.USAGE;
    /** Switching application IDs. */
    public static final Pattern APPLICATION_ID = Pattern.compile("A\\d{9}");
    /** Largest request body forwarded (switching JSON); larger → 413. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    /** Which internal service a route goes to. */
    public enum Backend {
        /** The MDMS delivery service: files. */
        FILES,
        /** The switching service: applications. */
        SWITCHING
    }

    /**
     * One thing a retailer may call.
     *
     * @param path exact path
     * @param method the only method allowed
     * @param query validates the decoded query parameters of a caller and returns the canonical query string
     *     to forward ({@code ""} for none), or empty to refuse with 400
     */
    public record Route(String path, HttpMethod method, Function<Map<String, List<String>>, Optional<String>> query, Backend backend) {
        public Route(String path, HttpMethod method, Function<Map<String, List<String>>, Optional<String>> query) {
            this(path, method, query, Backend.FILES);
        }

        /** Whether the request body is forwarded (POST routes). */
        public boolean hasBody() {
            return HttpMethod.POST.equals(method);
        }
    }

    private static final Function<Map<String, List<String>>, Optional<String>> NO_QUERY =
            p -> p.isEmpty() ? Optional.of("") : Optional.empty();

    private static Function<Map<String, List<String>>, Optional<String>> optional(String name, Pattern valid) {
        return p -> p.isEmpty() ? Optional.of("")
                : single(p, name).filter(v -> valid.matcher(v).matches()).map(v -> name + "=" + v);
    }

    private static List<Route> switchingRoutes() {
        List<Route> routes = new java.util.ArrayList<>();
        for (String create : List.of("IF_10110", "IF_10310", "IF_10410", "IF_10510", "IF_10610", "IF_10710", "IS_20110",
                "IS_20410", "change", "cancel", "IF_10210", "IF_10810", "IF_10910")) {
            routes.add(new Route("/switching/" + create, HttpMethod.POST, NO_QUERY, Backend.SWITCHING));
        }
        for (String inquiry : List.of("IF_10620", "IF_10720", "IS_20210", "IF_10220", "IF_10420", "IF_10520", "IF_10820", "IF_10920")) {
            routes.add(new Route("/switching/" + inquiry, HttpMethod.GET,
                    p -> single(p, "id").filter(v -> APPLICATION_ID.matcher(v).matches()).map(v -> "id=" + v), Backend.SWITCHING));
        }
        routes.add(new Route("/switching/IF_11110", HttpMethod.GET, RequestRouter::bulkQuery, Backend.SWITCHING));
        routes.add(new Route("/switching/IS_20310", HttpMethod.GET, optional("status", Pattern.compile("[1-5]")), Backend.SWITCHING));
        routes.add(new Route("/switching/applications", HttpMethod.GET, optional("id", APPLICATION_ID), Backend.SWITCHING));
        routes.add(new Route("/switching/usage", HttpMethod.GET,
                p -> single(p, "id").filter(v -> APPLICATION_ID.matcher(v).matches()).map(v -> "id=" + v), Backend.SWITCHING));
        return routes;
    }

    /** The route table. */
    public static final List<Route> ROUTES = List.of(
            new Route(FILE_LIST_PATH, HttpMethod.GET, optional("since", FILE_NAME)),
            new Route(FILE_PATH, HttpMethod.GET,
                    p -> single(p, "file").filter(v -> FILE_NAME.matcher(v).matches()).map(v -> "file=" + v)),
            new Route(USAGE_LIST_PATH, HttpMethod.GET, optional("since", USAGE_FILE_NAME)),
            new Route(USAGE_FILE_PATH, HttpMethod.GET,
                    p -> single(p, "file").filter(v -> USAGE_FILE_NAME.matcher(v).matches()).map(v -> "file=" + v)));

    /** Every route: the file routes, the screen's, then the switching routes. */
    static final List<Route> ALL_ROUTES;

    static {
        List<Route> all = new java.util.ArrayList<>(ROUTES);
        for (String screen : SCREEN_PATHS) {
            all.add(new Route(screen, HttpMethod.GET, NO_QUERY));
        }
        all.addAll(switchingRoutes());
        ALL_ROUTES = List.copyOf(all);
    }

    private RequestRouter() {
    }

    /** Outcome of routing one request. */
    public sealed interface Decision permits Forward, Refuse {
    }

    /**
     * Forward to a backend.
     *
     * @param uri the canonical origin-form URI to send to the backend
     * @param route the route it matched (method, backend, whether a body goes along)
     */
    public record Forward(String uri, Route route) implements Decision {
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
        Route route = null;
        for (Route r : ALL_ROUTES) {
            if (r.path().equals(path)) {
                route = r;
                break;
            }
        }
        if (route == null) {
            return new Refuse(HttpResponseStatus.NOT_FOUND, Rejection.NOT_FOUND);
        }
        if (!route.method().equals(request.method())) {
            return new Refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, Rejection.METHOD_NOT_ALLOWED);
        }
        if (uri.indexOf('#') >= 0) {
            return badRequest();
        }
        Map<String, List<String>> params;
        try {
            params = new QueryStringDecoder(query, StandardCharsets.UTF_8, false).parameters();
        } catch (IllegalArgumentException e) {
            return badRequest();
        }
        if (q >= 0 && params.isEmpty()) {
            return badRequest(); // "?" or "?&" or "?=x": nothing valid in it
        }
        Optional<String> canonical = route.query().apply(params);
        if (canonical.isEmpty()) {
            return badRequest();
        }
        return new Forward(canonical.get().isEmpty() ? path : path + "?" + canonical.get(), route);
    }

    private static final Pattern CURSOR = Pattern.compile("\\d{1,19}");
    private static final Pattern LIMIT = Pattern.compile("[1-9]\\d{0,3}");

    /**
     * IF_11110: {@code since} (a change cursor, 1–19 digits) and {@code limit} (1–9999; the backend allows 1–1000),
     * each optional and at most once, nothing else; forwarded as {@code since=…&limit=…}.
     */
    private static Optional<String> bulkQuery(Map<String, List<String>> params) {
        StringBuilder canonical = new StringBuilder();
        for (String name : params.keySet()) {
            if (!name.equals("since") && !name.equals("limit")) {
                return Optional.empty();
            }
        }
        for (String name : List.of("since", "limit")) {
            List<String> v = params.get(name);
            if (v == null) {
                continue;
            }
            if (v.size() != 1 || !(name.equals("since") ? CURSOR : LIMIT).matcher(v.get(0)).matches()) {
                return Optional.empty();
            }
            canonical.append(canonical.length() == 0 ? "" : "&").append(name).append('=').append(v.get(0));
        }
        return Optional.of(canonical.toString());
    }

    /** The value of the only parameter when it is {@code name} with exactly one value. */
    private static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return params.size() == 1 && v != null && v.size() == 1 ? Optional.of(v.get(0)) : Optional.empty();
    }

    private static Refuse badRequest() {
        return new Refuse(HttpResponseStatus.BAD_REQUEST, Rejection.BAD_REQUEST);
    }
}
