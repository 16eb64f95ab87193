package jp.ami.switching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jp.ami.model.Kwh;

/** The answers of the switching API: JSON text plus a newline, {@code application/json; charset=UTF-8}. */
final class JsonResponses {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonResponses() {
    }

    /** One application ({@link Events#toJson} without the request hash). */
    static FullHttpResponse application(int status, Application a) {
        return json(status, Events.toJson(a, false));
    }

    /** {@code {"applications":[…]}}. */
    static FullHttpResponse applications(List<Application> apps) {
        ObjectNode n = NODES.objectNode();
        ArrayNode a = n.putArray("applications");
        apps.forEach(x -> a.add(Events.toJson(x, false)));
        return json(200, n);
    }

    /** IF_11110: {@code {"applications":[… each with "change"],"next":"cursor","more":bool}}. */
    static FullHttpResponse page(ChangePage page) {
        ObjectNode n = NODES.objectNode();
        ArrayNode a = n.putArray("applications");
        for (int i = 0; i < page.applications().size(); i++) {
            a.add(Events.toJson(page.applications().get(i), false).put("change", Long.toString(page.changes().get(i))));
        }
        n.put("next", Long.toString(page.next()));
        n.put("more", page.more());
        return json(200, n);
    }

    /** {@code {"error":{"status","field","value","message"}}}. */
    static FullHttpResponse error(int status, String field, String value, String message) {
        ObjectNode n = NODES.objectNode();
        ObjectNode e = n.putObject("error");
        e.put("status", status);
        e.put("field", field);
        e.put("value", value);
        e.put("message", message);
        return json(status, n);
    }

    /** IF_10310 values: monthly totals and 30-minute values, kWh as exact decimals with 4 places. */
    static FullHttpResponse usage(Usage u) {
        ObjectNode n = NODES.objectNode();
        n.put("id", u.application().id());
        n.put("supplyPointId", u.application().supplyPoint().value());
        n.put("from", u.from().toString());
        n.put("to", u.to().toString());
        ArrayNode months = n.putArray("months");
        u.months().forEach((m, t) -> months.addObject().put("month", m.toString()).put("kwh", Kwh.format(t[0]))
                .put("slots", t[1]).put("missingSlots", t[2]));
        ArrayNode values = n.putArray("values");
        for (UsageSource.SlotValue v : u.values()) {
            ObjectNode o = values.addObject().put("slotEnd", v.slotEnd().toString());
            if (v.units() == null) {
                o.putNull("kwh");
            } else {
                o.put("kwh", Kwh.format(v.units()));
            }
            o.put("status", v.status());
        }
        return json(200, n);
    }

    static FullHttpResponse json(int status, JsonNode body) {
        byte[] bytes = (body.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8");
        HttpUtil.setContentLength(res, bytes.length);
        return res;
    }
}
