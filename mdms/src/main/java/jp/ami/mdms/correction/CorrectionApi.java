package jp.ami.mdms.correction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import jp.ami.mdms.delivery.InternalEndpoint;
import jp.ami.mdms.slots.CorrectionRefused;
import jp.ami.model.Kwh;
import jp.ami.model.Slots;

/**
 * {@code POST /internal/corrections}: a {@link CorrectionRequest} in, the applied {@link Correction} out
 * ({@link #json(Correction)}), 200. A malformed body or field: 400 with the reason; a supply point the master data
 * does not know: 404; a correction the engine refuses (slot not finalised, beyond the revision horizon, value over
 * the contract capacity): 409 with the reason. Every refusal is counted ({@link #refused()}).
 */
public final class CorrectionApi implements InternalEndpoint {
    /** The route on the MDMS's internal port. */
    public static final String PATH = "/internal/corrections";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Thrown (as the future's cause) when the supply point is not in the master data. */
    public static final class UnknownSupplyPoint extends RuntimeException {
        public UnknownSupplyPoint(String supplyPoint) {
            super("unknown supply point " + supplyPoint + ": not in the master data", null, false, false);
        }
    }

    private final Function<CorrectionRequest.Valid, CompletableFuture<Correction>> corrector;
    private final AtomicLong refused = new AtomicLong();

    /** @param corrector applies a valid request on the engine (the MDMS server) */
    public CorrectionApi(Function<CorrectionRequest.Valid, CompletableFuture<Correction>> corrector) {
        this.corrector = corrector;
    }

    @Override
    public CompletableFuture<Response> post(byte[] body) {
        CorrectionRequest.Valid valid;
        try {
            valid = JSON.readValue(body, CorrectionRequest.class).validate();
        } catch (JsonProcessingException e) {
            refused.incrementAndGet();
            return CompletableFuture.completedFuture(InternalEndpoint.error(400, "not a correction request: "
                    + e.getOriginalMessage()));
        } catch (IOException | IllegalArgumentException e) {
            refused.incrementAndGet();
            return CompletableFuture.completedFuture(InternalEndpoint.error(400, e.getMessage()));
        }
        return corrector.apply(valid).handle((c, ex) -> {
            if (ex == null) {
                return new Response(200, json(c).toString());
            }
            Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
            refused.incrementAndGet();
            if (cause instanceof UnknownSupplyPoint) {
                return InternalEndpoint.error(404, cause.getMessage());
            }
            if (cause instanceof CorrectionRefused) {
                return InternalEndpoint.error(409, cause.getMessage());
            }
            return InternalEndpoint.error(500, "correction failed: " + cause);
        });
    }

    /** Requests refused so far (bad body, unknown supply point, refused by the engine, failed). */
    public long refused() {
        return refused.get();
    }

    /** The answer for an applied correction: the log entry with the slot as JST date + number and values in kWh. */
    public static ObjectNode json(Correction c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", c.id());
        n.put("supplyPoint", c.supplyPoint());
        n.put("date", Slots.jstDate(c.slotIndex()).toString());
        n.put("slot", Slots.number(c.slotIndex()));
        n.put("revision", c.revision());
        n.put("kwh", Kwh.format(c.units()));
        n.put("status", c.status() == jp.ami.mdms.values.ValueStatus.PRESENT ? "measured" : "estimated");
        if (c.before() == null) {
            n.putNull("beforeKwh");
        } else {
            n.put("beforeKwh", Kwh.format(c.before()));
        }
        n.put("operator", c.operator());
        n.put("reason", c.reason());
        n.put("at", c.at());
        return n;
    }
}
