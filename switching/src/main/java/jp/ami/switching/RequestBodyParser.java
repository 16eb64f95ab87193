package jp.ami.switching;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import jp.ami.model.InvalidValueException;

/**
 * The switching API's create-request body parsing without the HTTP server around it, for tools that feed it bytes
 * (the fuzzer): the same strict JSON parsing ({@link JsonBody}) and field rules ({@link RequestBodies}) as a
 * {@code POST} of that interface. Every problem is an {@link InvalidValueException} naming the field.
 */
public final class RequestBodyParser {
    private RequestBodyParser() {
    }

    /** The request a {@code POST} of interface {@code code} (e.g. {@code IF_10610}) with {@code body} makes. */
    public static Request parse(String code, byte[] body) {
        ApplicationType type = ApplicationType.ofCode(code);
        if (type == null) {
            throw new InvalidValueException("interface", code, "is not a create interface");
        }
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
        try {
            return RequestBodies.read(type, JsonBody.of(req));
        } finally {
            req.release();
        }
    }
}
