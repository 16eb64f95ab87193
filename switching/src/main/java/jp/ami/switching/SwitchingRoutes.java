package jp.ami.switching;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;

/**
 * The routes of the switching API (documented on {@link SwitchingHttpServer}) → {@link SwitchingService} calls.
 * Checks, in this order: the HTTP request decoded, the path a switching route (404), the method (405 with
 * {@code Allow}), {@code X-Ami-Operator} (400); then the route's body or query. Errors of the service and of the
 * body come out as exceptions, which {@link SwitchingHandler} answers.
 */
final class SwitchingRoutes {
    static final String OPERATOR_HEADER = "X-Ami-Operator";
    static final String KEY_HEADER = "Idempotency-Key";
    static final String PREFIX = "/switching/";
    /** Routes other than creates and inquiries, by method. */
    private static final Set<String> POST_ROUTES = Set.of(ApplicationType.BROKERING_ANSWER, "cancel", "change", "consents");
    private static final Set<String> GET_ROUTES = Set.of(ApplicationType.BROKERING_LIST, ApplicationType.BULK, "applications", "usage");

    private final SwitchingService service;

    SwitchingRoutes(SwitchingService service) {
        this.service = service;
    }

    FullHttpResponse handle(FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            return JsonResponses.error(400, null, null, "malformed HTTP request");
        }
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        if (path.equals(SwitchFeed.PATH)) {
            return SwitchFeed.handle(service, req, q);
        }
        if (!path.startsWith(PREFIX)) {
            return notARoute(path);
        }
        String route = path.substring(PREFIX.length());
        ApplicationType createType = ApplicationType.ofCode(route);
        ApplicationType inquiryType = ApplicationType.ofInquiryCode(route);
        boolean wantsPost = createType != null || POST_ROUTES.contains(route);
        if (!wantsPost && inquiryType == null && !GET_ROUTES.contains(route)) {
            return notARoute(path);
        }
        if (!(wantsPost ? HttpMethod.POST : HttpMethod.GET).equals(req.method())) {
            String allowed = wantsPost ? "POST" : "GET";
            FullHttpResponse r = JsonResponses.error(405, "method", req.method().name(),
                    "method: \"" + req.method() + "\" not allowed; use " + allowed);
            r.headers().set(HttpHeaderNames.ALLOW, allowed);
            return r;
        }
        String op = req.headers().get(OPERATOR_HEADER);
        if (!OperatorCode.isValid(op)) {
            throw new InvalidValueException(OPERATOR_HEADER, op, "is missing or not an operator code (5 × [0-9A-Z])");
        }
        OperatorCode operator = OperatorCode.of(op);
        if (createType != null) {
            Request r = RequestBodies.read(createType, JsonBody.of(req));
            return created(service.create(operator, req.headers().get(KEY_HEADER), r));
        }
        if (inquiryType != null) {
            return JsonResponses.application(200, service.read(operator, param(q, "id"), inquiryType));
        }
        return switch (route) {
            case ApplicationType.BROKERING_LIST -> JsonResponses.applications(service.addressedTo(operator, status(param(q, "status"))));
            case ApplicationType.BROKERING_ANSWER -> answer(operator, JsonBody.of(req));
            case "usage" -> JsonResponses.usage(service.usage(operator, param(q, "id")));
            case ApplicationType.BULK -> JsonResponses.page(service.changedSince(operator,
                    number(param(q, "since"), "since", 0, Long.MAX_VALUE, 0), (int) number(param(q, "limit"), "limit", 1, 1000, 100)));
            case "applications" -> {
                String id = param(q, "id");
                yield id == null ? JsonResponses.applications(service.filedBy(operator))
                        : JsonResponses.application(200, service.read(operator, id, null));
            }
            case "change" -> {
                JsonBody body = JsonBody.of(req).allow("id", "switchDate", "date", RequestBodies.CUSTOMER_REQUESTED);
                String field = body.has("switchDate") ? "switchDate" : "date";
                yield created(service.change(operator, req.headers().get(KEY_HEADER), body.required("id"), body.date(field),
                        body.flag(RequestBodies.CUSTOMER_REQUESTED)));
            }
            case "cancel" -> JsonResponses.application(200, service.cancel(operator, JsonBody.of(req).allow("id").required("id")));
            default -> consent(operator, JsonBody.of(req)); // consents
        };
    }

    private static FullHttpResponse notARoute(String path) {
        return JsonResponses.error(404, "path", path, "path: \"" + path + "\" is not a switching route");
    }

    /** 201 for a new application, 200 for an idempotent repeat. */
    private static FullHttpResponse created(SwitchingService.Outcome o) {
        return JsonResponses.application(o.created() ? 201 : 200, o.application());
    }

    private static Status status(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Status.ofCode(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            throw new InvalidValueException("status", s, "must be 1–5");
        }
    }

    private FullHttpResponse answer(OperatorCode operator, JsonBody body) {
        body.allow("id", "answer", "reason");
        String answer = body.required("answer");
        if (!answer.equals("OK") && !answer.equals("NG")) {
            throw new InvalidValueException("answer", answer, "must be OK or NG");
        }
        return JsonResponses.application(200, service.answer(operator, body.required("id"), answer.equals("OK"), body.optional("reason")));
    }

    private FullHttpResponse consent(OperatorCode operator, JsonBody body) {
        body.allow("supplyPointId", "consentPassword", "validUntil");
        String until = body.optional("validUntil");
        Instant validUntil;
        try {
            validUntil = until == null ? null : Instant.parse(until);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("validUntil", until, "must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
        }
        SupplyPointId point = body.supplyPoint();
        Instant v = service.registerConsent(operator, point, body.required("consentPassword"), validUntil);
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("supplyPointId", body.required("supplyPointId")).put("validUntil", v.toString());
        return JsonResponses.json(201, n);
    }

    /** The decimal query value {@code s} in {@code min}–{@code max}, or {@code absent} when missing (else 400 naming it). */
    private static long number(String s, String name, long min, long max, long absent) {
        if (s == null) {
            return absent;
        }
        if (!s.matches("\\d{1,19}")) {
            throw new InvalidValueException(name, s, "must be a whole number " + min + "–" + max);
        }
        try {
            long v = Long.parseLong(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // out of range, below
        }
        throw new InvalidValueException(name, s, "must be a whole number " + min + "–" + max);
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
