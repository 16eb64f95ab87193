package jp.ami.switching;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP → {@link SwitchingService}. Stateless apart from the service: one shared instance. The routes, bodies and
 * answers are documented on {@link SwitchingHttpServer}.
 */
@Sharable
final class SwitchingHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchingHandler.class);
    static final String OPERATOR_HEADER = "X-Ami-Operator";
    static final String KEY_HEADER = "Idempotency-Key";
    static final String PREFIX = "/switching/";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final SwitchingService service;

    SwitchingHandler(SwitchingService service) {
        this.service = service;
    }

    /** A 4xx answer with the field and value it is about. */
    private record Failure(int status, String field, String value, String message) {
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        FullHttpResponse res;
        try {
            res = handle(req);
        } catch (InvalidValueException e) {
            res = error(new Failure(400, e.field(), e.value(), e.getMessage()));
        } catch (SwitchingException e) {
            res = error(new Failure(e.httpStatus(), e.field(), e.value(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("switching request {} {} failed", req.method(), req.uri(), e);
            res = error(new Failure(500, null, null, "internal error"));
        }
        HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
        ctx.writeAndFlush(res);
    }

    private FullHttpResponse handle(FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            return error(new Failure(400, null, null, "malformed HTTP request"));
        }
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        if (!path.startsWith(PREFIX)) {
            return error(new Failure(404, "path", path, "path: \"" + path + "\" is not a switching route"));
        }
        String route = path.substring(PREFIX.length());
        boolean get = HttpMethod.GET.equals(req.method());
        boolean post = HttpMethod.POST.equals(req.method());
        ApplicationType createType = ApplicationType.ofCode(route);
        ApplicationType inquiryType = ApplicationType.ofInquiryCode(route);
        boolean known = createType != null || inquiryType != null || route.equals(ApplicationType.BROKERING_LIST)
                || route.equals(ApplicationType.BROKERING_ANSWER) || route.equals("applications")
                || route.equals("cancel") || route.equals("change") || route.equals("consents") || route.equals("usage");
        if (!known) {
            return error(new Failure(404, "path", path, "path: \"" + path + "\" is not a switching route"));
        }
        boolean wantsPost = createType != null || route.equals(ApplicationType.BROKERING_ANSWER) || route.equals("cancel")
                || route.equals("change")
                || route.equals("consents");
        if (wantsPost ? !post : !get) {
            FullHttpResponse r = error(new Failure(405, "method", req.method().name(), "method: \"" + req.method() + "\" not allowed; use " + (wantsPost ? "POST" : "GET")));
            r.headers().set(HttpHeaderNames.ALLOW, wantsPost ? "POST" : "GET");
            return r;
        }
        String op = req.headers().get(OPERATOR_HEADER);
        if (!OperatorCode.isValid(op)) {
            throw new InvalidValueException(OPERATOR_HEADER, op, "is missing or not an operator code (5 × [0-9A-Z])");
        }
        OperatorCode operator = OperatorCode.of(op);
        if (createType != null) {
            JsonNode body = body(req);
            Request r = request(createType, body);
            SwitchingService.Outcome o = service.create(operator, req.headers().get(KEY_HEADER), r);
            return json(o.created() ? 201 : 200, Events.toJson(o.application(), false));
        }
        if (inquiryType != null) {
            return json(200, Events.toJson(service.read(operator, param(q, "id"), inquiryType), false));
        }
        switch (route) {
            case ApplicationType.BROKERING_LIST -> {
                String s = param(q, "status");
                Status status = null;
                if (s != null) {
                    try {
                        status = Status.ofCode(Integer.parseInt(s));
                    } catch (NumberFormatException e) {
                        throw new InvalidValueException("status", s, "must be 1–5");
                    }
                }
                return list(service.addressedTo(operator, status));
            }
            case ApplicationType.BROKERING_ANSWER -> {
                JsonNode body = body(req);
                allow(body, Set.of("id", "answer", "reason"));
                String answer = text(body, "answer", true);
                if (!answer.equals("OK") && !answer.equals("NG")) {
                    throw new InvalidValueException("answer", answer, "must be OK or NG");
                }
                return json(200, Events.toJson(service.answer(operator, text(body, "id", true), answer.equals("OK"),
                        text(body, "reason", false)), false));
            }
            case "usage" -> {
                return json(200, usageJson(service.usage(operator, param(q, "id"))));
            }
            case "applications" -> {
                String id = param(q, "id");
                return id == null ? list(service.filedBy(operator)) : json(200, Events.toJson(service.read(operator, id, null), false));
            }
            case "change" -> {
                JsonNode body = body(req);
                allow(body, Set.of("id", "switchDate", "date"));
                String field = body.has("switchDate") ? "switchDate" : "date";
                SwitchingService.Outcome o = service.change(operator, req.headers().get(KEY_HEADER), text(body, "id", true), date(body, field));
                return json(o.created() ? 201 : 200, Events.toJson(o.application(), false));
            }
            case "cancel" -> {
                JsonNode body = body(req);
                allow(body, Set.of("id"));
                return json(200, Events.toJson(service.cancel(operator, text(body, "id", true)), false));
            }
            default -> { // consents
                JsonNode body = body(req);
                allow(body, Set.of("supplyPointId", "consentPassword", "validUntil"));
                String until = text(body, "validUntil", false);
                Instant validUntil;
                try {
                    validUntil = until == null ? null : Instant.parse(until);
                } catch (DateTimeParseException e) {
                    throw new InvalidValueException("validUntil", until, "must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
                }
                Instant v = service.registerConsent(operator, SupplyPointId.of(text(body, "supplyPointId", true)),
                        text(body, "consentPassword", true), validUntil);
                ObjectNode n = MAPPER.createObjectNode();
                n.put("supplyPointId", text(body, "supplyPointId", true)).put("validUntil", v.toString());
                return json(201, n);
            }
        }
    }

    private static Request request(ApplicationType type, JsonNode body) {
        switch (type) {
            case FACILITY_INFO -> {
                allow(body, Set.of("supplyPointId"));
                return new Request.FacilityInfo(point(body));
            }
            case USAGE_INFO -> {
                allow(body, Set.of("supplyPointId", "consentPassword"));
                return new Request.UsageInfo(point(body), text(body, "consentPassword", true));
            }
            case BROKERING -> {
                allow(body, Set.of("supplyPointId", "switchDate", "contractNumber", "contractName", "address"));
                return new Request.Brokering(point(body), date(body, "switchDate"), text(body, "contractNumber", true),
                        text(body, "contractName", true), text(body, "address", true));
            }
            default -> {
                String field = Request.dateField(type);
                allow(body, Set.of("supplyPointId", field));
                return new Request.Dated(type, point(body), date(body, field));
            }
        }
    }

    private static SupplyPointId point(JsonNode body) {
        return SupplyPointId.of(text(body, "supplyPointId", true));
    }

    private static LocalDate date(JsonNode body, String field) {
        String s = text(body, field, true);
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, s, "must be a date YYYY-MM-DD");
        }
    }

    private static void allow(JsonNode body, Set<String> fields) {
        Iterator<String> it = body.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new InvalidValueException(f, body.get(f), "is not a known field here (known: " + String.join(", ", new java.util.TreeSet<>(fields)) + ")");
            }
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidValueException(field, null, "is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidValueException(field, v, "must be a JSON string");
        }
        return v.asText();
    }

    /** Parses the body as one JSON object; a syntax error names the field being read when it happened. */
    private static JsonNode body(FullHttpRequest req) {
        if (req.content().readableBytes() == 0) {
            throw new InvalidValueException("body", "", "is required: a JSON object");
        }
        JsonNode n;
        try (JsonParser p = MAPPER.createParser((java.io.InputStream) new ByteBufInputStream(req.content().duplicate()))) {
            try {
                n = MAPPER.readTree(p);
            } catch (JsonProcessingException e) {
                String field = fieldAt(p);
                throw new InvalidValueException(field, excerpt(req), "is malformed JSON: " + e.getOriginalMessage());
            }
        } catch (IOException e) {
            throw new InvalidValueException("body", excerpt(req), "could not be read: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new InvalidValueException("body", excerpt(req), "must be a JSON object");
        }
        return n;
    }

    /** The field name the parser was at ("body" when at the top level). */
    private static String fieldAt(JsonParser p) {
        JsonStreamContext c = p.getParsingContext();
        while (c != null) {
            if (c.getCurrentName() != null) {
                return c.getCurrentName();
            }
            c = c.getParent();
        }
        return "body";
    }

    private static String excerpt(FullHttpRequest req) {
        String s = req.content().toString(StandardCharsets.UTF_8);
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static FullHttpResponse list(List<Application> apps) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode a = n.putArray("applications");
        apps.forEach(x -> a.add(Events.toJson(x, false)));
        return json(200, n);
    }

    private static FullHttpResponse error(Failure f) {
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode e = n.putObject("error");
        e.put("status", f.status());
        e.put("field", f.field());
        e.put("value", f.value());
        e.put("message", f.message());
        return json(f.status(), n);
    }

    /** IF_10310 answer: monthly totals and 30-minute values, kWh as exact decimals with 4 places. */
    private static JsonNode usageJson(Usage u) {
        com.fasterxml.jackson.databind.node.ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        n.put("id", u.application().id());
        n.put("supplyPointId", u.application().supplyPoint().value());
        n.put("from", u.from().toString());
        n.put("to", u.to().toString());
        ArrayNode months = n.putArray("months");
        u.months().forEach((m, t) -> months.addObject().put("month", m.toString()).put("kwh", jp.ami.model.Kwh.format(t[0]))
                .put("slots", t[1]).put("missingSlots", t[2]));
        ArrayNode values = n.putArray("values");
        for (UsageSource.SlotValue v : u.values()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = values.addObject().put("slotEnd", v.slotEnd().toString());
            if (v.units() == null) {
                o.putNull("kwh");
            } else {
                o.put("kwh", jp.ami.model.Kwh.format(v.units()));
            }
            o.put("status", v.status());
        }
        return n;
    }

    private static FullHttpResponse json(int status, JsonNode body) {
        byte[] bytes = (body.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8");
        HttpUtil.setContentLength(res, bytes.length);
        return res;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
