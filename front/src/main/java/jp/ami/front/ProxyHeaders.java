package jp.ami.front;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which headers cross the front, each way. Toward the backend only what the front vouches for: a fresh
 * {@code Host}, {@value #OPERATOR_HEADER} from the certificate (never the client's own), and a few client
 * headers when well-formed (else dropped); toward the client the backend's headers minus the hop-by-hop ones
 * and {@value #OPERATOR_HEADER}, with framing and {@code connection} set by the front.
 */
final class ProxyHeaders {
    /** Header carrying the authenticated operator code to the backend. */
    static final String OPERATOR_HEADER = "X-Ami-Operator";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern IDEMPOTENCY_KEY_VALUE = Pattern.compile("[0-9A-Za-z._-]{1,64}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("application/json(; ?charset=(UTF-8|utf-8))?");
    /** Range header forwarded to the backend: one or more byte ranges, nothing else (else it is dropped). */
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,19}-\\d{0,19})(,\\s?\\d{0,19}-\\d{0,19}){0,7}");
    /** Entity tags in If-None-Match / If-Range: quoted tags (optionally weak), or {@code *}. */
    private static final Pattern ETAGS =
            Pattern.compile("\\*|(W/)?\"[\\x21\\x23-\\x7e]{0,128}\"(\\s*,\\s*(W/)?\"[\\x21\\x23-\\x7e]{0,128}\"){0,15}");
    private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION,
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
            "proxy-connection");

    private ProxyHeaders() {
    }

    /**
     * The request sent to the backend for {@code client}'s exchange: the route's method and canonical URI, the
     * whole {@code body}, one request per connection. Switching calls take a JSON {@code Content-Type} and an
     * {@value #IDEMPOTENCY_KEY}; downloads take {@code Range}, {@code If-None-Match} and {@code If-Range}
     * (the backend answers 206/304); all take an {@code Accept} of at most 256 characters.
     */
    static FullHttpRequest toBackend(HttpRequest client, RequestRouter.Route route, String uri, ByteBuf body,
                                     String backendHost, int backendPort, String operatorCode) {
        DefaultFullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, route.method(), uri, body);
        HttpHeaders from = client.headers();
        HttpHeaders h = out.headers();
        h.set(HttpHeaderNames.HOST, backendHost + ":" + backendPort);
        if (route.backend() == RequestRouter.Backend.SWITCHING) {
            copyIfMatches(from, h, HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
            copyIfMatches(from, h, IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_VALUE);
        }
        String accept = from.get(HttpHeaderNames.ACCEPT);
        if (accept != null && accept.length() <= 256) {
            h.set(HttpHeaderNames.ACCEPT, accept);
        }
        if (uri.startsWith(RequestRouter.FILE_PATH + "?")) {
            copyIfMatches(from, h, HttpHeaderNames.RANGE, RANGE);
            copyIfMatches(from, h, HttpHeaderNames.IF_NONE_MATCH, ETAGS);
            copyIfMatches(from, h, HttpHeaderNames.IF_RANGE, ETAGS);
        }
        h.set(OPERATOR_HEADER, operatorCode);
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return out;
    }

    private static void copyIfMatches(HttpHeaders from, HttpHeaders to, CharSequence name, Pattern valid) {
        String v = from.get(name);
        if (v != null && v.length() <= 512 && valid.matcher(v).matches()) {
            to.set(name, v);
        }
    }

    /**
     * The response head sent to the client for the backend's {@code response} to {@code client}'s request. A
     * body without {@code Content-Length} is sent chunked, or to an HTTP/1.0 client delimited by the end of the
     * connection. {@code connection} is {@code keep-alive} when {@code mayKeepConnection} and the body does
     * not need the connection's end, else {@code close} ({@link io.netty.handler.codec.http.HttpUtil#isKeepAlive}
     * of the head tells which).
     */
    static HttpResponse toClient(HttpResponse response, HttpRequest client, boolean mayKeepConnection) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status());
        HttpHeaders h = head.headers();
        h.set(response.headers());
        for (CharSequence name : HOP_BY_HOP) {
            h.remove(name);
        }
        h.remove(OPERATOR_HEADER);
        boolean http10 = client.protocolVersion().equals(HttpVersion.HTTP_1_0);
        boolean keepAlive = mayKeepConnection;
        if (!h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (http10) {
                keepAlive = false; // body delimited by connection close
            } else {
                h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        h.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return head;
    }
}
