package jp.ami.mdms.delivery;

import java.util.concurrent.CompletableFuture;

/**
 * An operator endpoint of the MDMS's internal port ({@code POST /internal/…}, never forwarded by the DMZ front): takes
 * the request body (JSON) and answers a status and a JSON body, possibly later (work done on the engine thread).
 */
@FunctionalInterface
public interface InternalEndpoint {
    /** The answer: an HTTP status and a JSON document. */
    record Response(int status, String json) {
    }

    CompletableFuture<Response> post(byte[] body);

    /** {@code status} with {@code {"error":"message"}}. */
    static Response error(int status, String message) {
        return new Response(status, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("error", message).toString());
    }
}
