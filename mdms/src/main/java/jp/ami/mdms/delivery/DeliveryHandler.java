package jp.ami.mdms.delivery;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.outbox.OutboxFile;
import jp.ami.model.DeliveryFileNames;
import jp.ami.model.OperatorCode;

/** HTTP request handling of the {@link DeliveryService}. Stateless: one shared instance. */
@Sharable
final class DeliveryHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Header set by the DMZ front: the authenticated operator code. */
    static final String OPERATOR_HEADER = "X-Ami-Operator";
    static final String LIST_PATH = "/30min/FileListReceiver";
    static final String FILE_PATH = "/30min/FileReceiver";
    static final String USAGE_LIST_PATH = "/usage/FileListReceiver";
    static final String USAGE_FILE_PATH = "/usage/FileReceiver";

    private final Outbox outbox;

    DeliveryHandler(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, HttpResponseStatus.BAD_REQUEST, "bad request\n");
            return;
        }
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        boolean usage = USAGE_LIST_PATH.equals(path) || USAGE_FILE_PATH.equals(path);
        boolean list = LIST_PATH.equals(path) || USAGE_LIST_PATH.equals(path);
        boolean file = FILE_PATH.equals(path) || USAGE_FILE_PATH.equals(path);
        java.util.regex.Pattern names = usage ? DeliveryFileNames.USAGE : DeliveryFileNames.VALUES;
        RetailerScreen.Resource screen = RetailerScreen.at(path);
        if (screen != null) {
            sendScreen(ctx, req, screen);
            return;
        }
        if (!list && !file) {
            send(ctx, req, HttpResponseStatus.NOT_FOUND, "not found\n");
            return;
        }
        if (!HttpMethod.GET.equals(req.method()) && !HttpMethod.HEAD.equals(req.method())) {
            send(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
            return;
        }
        String operator = req.headers().get(OPERATOR_HEADER);
        if (!OperatorCode.isValid(operator)) {
            send(ctx, req, HttpResponseStatus.BAD_REQUEST, "missing or invalid " + OPERATOR_HEADER + "\n");
            return;
        }
        if (list) {
            String since = first(q, "since");
            if (since != null && !names.matcher(since).matches()) {
                send(ctx, req, HttpResponseStatus.BAD_REQUEST, "invalid since\n");
                return;
            }
            List<OutboxFile> files = outbox.listAfter(operator, usage ? "W5" : "W4", since);
            String accept = req.headers().get(HttpHeaderNames.ACCEPT, "");
            if (accept.contains("application/json")) {
                sendText(ctx, req, HttpResponseStatus.OK, json(operator, files), "application/json; charset=UTF-8");
            } else {
                sendText(ctx, req, HttpResponseStatus.OK, legacyHtml(files), "text/html; charset=UTF-8");
            }
            return;
        }
        String name = first(q, "file");
        Optional<OutboxFile> f = name != null && names.matcher(name).matches() ? outbox.find(operator, name) : Optional.empty();
        if (f.isEmpty()) {
            send(ctx, req, HttpResponseStatus.NOT_FOUND, "not found\n");
            return;
        }
        sendFile(ctx, req, f.get());
    }

    /** A resource of the {@link RetailerScreen}: GET or HEAD, no query, only for a caller the front named. */
    private static void sendScreen(ChannelHandlerContext ctx, FullHttpRequest req, RetailerScreen.Resource screen) {
        if (!HttpMethod.GET.equals(req.method()) && !HttpMethod.HEAD.equals(req.method())) {
            send(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
            return;
        }
        if (!OperatorCode.isValid(req.headers().get(OPERATOR_HEADER))) {
            send(ctx, req, HttpResponseStatus.BAD_REQUEST, "missing or invalid " + OPERATOR_HEADER + "\n");
            return;
        }
        boolean head = HttpMethod.HEAD.equals(req.method());
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(screen.bytes()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, screen.contentType());
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set("Content-Security-Policy", RetailerScreen.CONTENT_SECURITY_POLICY);
        res.headers().set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(res, screen.bytes().length);
        HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
        ctx.writeAndFlush(res);
    }

    private static String first(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** {@code <html><body><comment>rfilename1:"…",rfilesize1:"…",rfilename2:…</comment></body></html>} */
    static String legacyHtml(List<OutboxFile> files) {
        StringBuilder sb = new StringBuilder(64 + files.size() * 64).append("<html><body><comment>");
        for (int i = 0; i < files.size(); i++) {
            OutboxFile f = files.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("rfilename").append(i + 1).append(":\"").append(f.name()).append("\",");
            sb.append("rfilesize").append(i + 1).append(":\"").append(f.size()).append('"');
        }
        return sb.append("</comment></body></html>").toString();
    }

    /** The JSON file list: {@code {"operator":"R0013","files":[{"name":"W4….zip","size":1234}]}}, fields in this order. */
    @JsonPropertyOrder({"operator", "files"})
    record FileList(String operator, List<Entry> files) {
        @JsonPropertyOrder({"name", "size"})
        record Entry(String name, long size) {
        }
    }

    private static final ObjectWriter FILE_LIST = new ObjectMapper().writerFor(FileList.class);

    static String json(String operator, List<OutboxFile> files) {
        List<FileList.Entry> entries = files.stream().map(f -> new FileList.Entry(f.name(), f.size())).toList();
        try {
            return FILE_LIST.writeValueAsString(new FileList(operator, entries));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the file list of " + operator, e);
        }
    }

    /**
     * Strong entity tag of a published file. A published name always holds the same bytes (files are
     * deterministic; a correction is a new revision, i.e. a new name), so name and size identify the content.
     */
    static String etag(OutboxFile f) {
        return "\"" + f.name().substring(0, f.name().length() - 4) + "-" + f.size() + "\"";
    }

    /**
     * Sends the file, whole (200), partly (206, one byte range), not at all when the client has it (304 for a
     * matching If-None-Match), or 416 for a range outside it. If-Range with another tag sends it whole; a
     * multi-range request is answered whole, which HTTP allows.
     */
    private static void sendFile(ChannelHandlerContext ctx, FullHttpRequest req, OutboxFile f) {
        String etag = etag(f);
        if (matches(req.headers().get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            HttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
            res.headers().set(HttpHeaderNames.ETAG, etag);
            sendEmpty(ctx, req, res);
            return;
        }
        RandomAccessFile raf;
        long length;
        try {
            raf = new RandomAccessFile(f.path().toFile(), "r");
            length = raf.length();
        } catch (IOException e) {
            send(ctx, req, HttpResponseStatus.NOT_FOUND, "not found\n");
            return;
        }
        ByteRange range = ByteRange.of(req.headers().get(HttpHeaderNames.RANGE), req.headers().get(HttpHeaderNames.IF_RANGE),
                etag, length);
        if (range == null) {
            closeQuietly(raf);
            HttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
            res.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + length);
            sendEmpty(ctx, req, res);
            return;
        }
        sendRange(ctx, req, f, etag, raf, range, length);
    }

    /** Whether an If-None-Match header value names {@code etag} (or is {@code *}). */
    private static boolean matches(String ifNoneMatch, String etag) {
        return ifNoneMatch != null && (ifNoneMatch.equals("*")
                || java.util.Arrays.stream(ifNoneMatch.split(",")).map(String::trim).anyMatch(etag::equals));
    }

    /** Sends bytes {@code range} of the open file (none for HEAD), zero-copy. */
    private static void sendRange(ChannelHandlerContext ctx, FullHttpRequest req, OutboxFile f, String etag, RandomAccessFile raf,
                                  ByteRange range, long length) {
        long count = range.to() - range.from() + 1;
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                range.partial() ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/zip");
        res.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + f.name() + "\"");
        res.headers().set(HttpHeaderNames.ETAG, etag);
        res.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        if (range.partial()) {
            res.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + range.from() + "-" + range.to() + "/" + length);
        }
        HttpUtil.setContentLength(res, count);
        HttpUtil.setKeepAlive(res, keepAlive);
        ctx.write(res);
        if (HttpMethod.HEAD.equals(req.method())) {
            closeQuietly(raf);
        } else {
            // zero-copy; the region closes the file when it is released after the transfer
            ctx.write(new DefaultFileRegion(raf.getChannel(), range.from(), count));
        }
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** Sends a response without a body. */
    private static void sendEmpty(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponse res) {
        HttpUtil.setContentLength(res, 0);
        HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
        ctx.writeAndFlush(res);
    }

    private static void closeQuietly(RandomAccessFile raf) {
        try {
            raf.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String body) {
        sendText(ctx, req, status, body, "text/plain; charset=UTF-8");
    }

    private static void sendText(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String body, String type) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = HttpMethod.HEAD.equals(req.method());
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        HttpUtil.setContentLength(res, bytes.length);
        // HttpServerKeepAliveHandler closes the connection after the response when the request asked for it.
        HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
        ctx.writeAndFlush(res);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
