package jp.ami.mdms.reissue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.ami.mdms.delivery.InternalEndpoint;

/**
 * {@code POST /internal/reissue} on the MDMS delivery port (loopback; the front never forwards {@code /internal/}):
 * <pre>
 * request  {"date":"2026-11-22", "slot":5, "retailer":"R0013"}      slot and retailer optional
 * 200      {@link ReissueReport} as JSON: date, slot, retailer, identical, republished, newRevisions,
 *          files [{retailer, name, outcome, containerIdentical}], reissueIdentical
 * 400      {"error":"…"}: "bad JSON: …", "missing date", "bad date: …", "unknown retailer: R…", "slot must be 1–48: …",
 *          "not finalised yet: …"   (each counted by reason, {@link #refused()})
 * 405      not POST (the delivery service's internal API handler)
 * </pre>
 */
public final class ReissueRoute implements InternalEndpoint {
    public static final String PATH = "/internal/reissue";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What re-issues: {@code MdmsServer::reissueAsync}. */
    @FunctionalInterface
    public interface Target {
        CompletableFuture<ReissueReport> reissue(LocalDate date, Integer slot, String retailer);
    }

    /** The request body. */
    record Request(String date, Integer slot, String retailer) {
    }

    private final Target target;
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

    public ReissueRoute(Target target) {
        this.target = target;
    }

    /** Requests refused (400), by reason: bad_json, bad_date, unknown_retailer, bad_slot, not_finalised. */
    public Map<String, Long> refused() {
        Map<String, Long> out = new java.util.TreeMap<>();
        refused.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public CompletableFuture<Response> post(byte[] body) {
        Request req;
        try {
            req = JSON.readValue(body, Request.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return refuse("bad_json", "bad JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            return refuse("bad_json", "bad JSON: " + e.getMessage());
        }
        if (req == null || req.date() == null) {
            return refuse("bad_date", "missing date");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(req.date());
        } catch (DateTimeParseException e) {
            return refuse("bad_date", "bad date: " + req.date());
        }
        return target.reissue(date, req.slot(), req.retailer()).handle((report, ex) -> {
            if (ex == null) {
                return json(report);
            }
            Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null ? ex.getCause() : ex;
            if (cause instanceof IllegalArgumentException iae) {
                String m = iae.getMessage();
                count(m.startsWith("unknown retailer") ? "unknown_retailer" : m.startsWith("slot") ? "bad_slot" : "not_finalised");
                return InternalEndpoint.error(400, m);
            }
            return InternalEndpoint.error(500, "re-issue failed: " + cause.getMessage());
        });
    }

    private Response json(ReissueReport report) {
        try {
            return new Response(200, JSON.writeValueAsString(report));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the re-issue report", e);
        }
    }

    private CompletableFuture<Response> refuse(String reason, String message) {
        count(reason);
        return CompletableFuture.completedFuture(InternalEndpoint.error(400, message.replace('\n', ' ')));
    }

    private void count(String reason) {
        refused.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }
}
