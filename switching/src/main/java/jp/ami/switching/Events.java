package jp.ami.switching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;

/**
 * JSON shapes: journal documents and the HTTP view of an application.
 *
 * <p>Journal document (one per state change, applied atomically):
 * <pre>
 * {"v":1,"at":"2026-11-22T01:00:00Z",
 *  "apps":[ application, … ],                        // full new values (insert or replace by id)
 *  "switches":[{"point":"03…","fromSlot":123,"retailer":"B0002"}],   // SupplyRegistry.scheduleSwitch
 *  "consents":[{"point":"03…","hash":"hex","validUntil":"…","registeredBy":"03T01"}]}
 * </pre>
 * An application in the journal is its HTTP view plus {@code requestHash}.
 */
final class Events {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Events() {
    }

    record SwitchEffect(SupplyPointId point, long fromSlot, OperatorCode retailer) {
    }

    record Consent(SupplyPointId point, String hash, Instant validUntil, OperatorCode registeredBy) {
    }

    record Event(Instant at, List<Application> apps, List<SwitchEffect> switches, List<Consent> consents) {
    }

    static String write(Event e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("v", 1);
        n.put("at", e.at().toString());
        ArrayNode apps = n.putArray("apps");
        for (Application a : e.apps()) {
            apps.add(toJson(a, true));
        }
        ArrayNode sw = n.putArray("switches");
        for (SwitchEffect s : e.switches()) {
            sw.addObject().put("point", s.point().value()).put("fromSlot", s.fromSlot()).put("retailer", s.retailer().value());
        }
        ArrayNode cs = n.putArray("consents");
        for (Consent c : e.consents()) {
            cs.addObject().put("point", c.point().value()).put("hash", c.hash())
                    .put("validUntil", c.validUntil().toString()).put("registeredBy", c.registeredBy().value());
        }
        return n.toString();
    }

    static Event read(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt switching journal document: " + e.getOriginalMessage(), e);
        }
        if (n.path("v").asInt() != 1) {
            throw new IllegalStateException("unknown switching journal document version: " + n.path("v"));
        }
        List<Application> apps = new ArrayList<>();
        for (JsonNode a : n.path("apps")) {
            apps.add(fromJson(a));
        }
        List<SwitchEffect> sw = new ArrayList<>();
        for (JsonNode s : n.path("switches")) {
            sw.add(new SwitchEffect(SupplyPointId.of(s.path("point").asText()), s.path("fromSlot").asLong(),
                    OperatorCode.of(s.path("retailer").asText())));
        }
        List<Consent> cs = new ArrayList<>();
        for (JsonNode c : n.path("consents")) {
            cs.add(new Consent(SupplyPointId.of(c.path("point").asText()), c.path("hash").asText(),
                    Instant.parse(c.path("validUntil").asText()), OperatorCode.of(c.path("registeredBy").asText())));
        }
        return new Event(Instant.parse(n.path("at").asText()), apps, sw, cs);
    }

    /** The application as JSON; {@code internal} adds the request hash (journal only). */
    static ObjectNode toJson(Application a, boolean internal) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", a.id());
        o.put("interface", a.type().code());
        o.put("applicant", a.applicant().value());
        o.put("supplyPointId", a.supplyPoint().value());
        o.put("date", a.date() == null ? null : a.date().toString());
        o.put("counterpart", a.counterpart() == null ? null : a.counterpart().value());
        o.put("status", a.status().code());
        o.put("statusName", a.status().name().toLowerCase(java.util.Locale.ROOT));
        o.put("reason", a.reason());
        o.put("matchedId", a.matchedId());
        o.put("idempotencyKey", a.idempotencyKey());
        o.put("acceptedAt", a.acceptedAt().toString());
        o.put("updatedAt", a.updatedAt().toString());
        ObjectNode d = o.putObject("details");
        a.details().forEach(d::put);
        ArrayNode notices = o.putArray("notices");
        a.notices().forEach(notices::add);
        if (internal) {
            o.put("requestHash", a.requestHash());
        }
        return o;
    }

    static Application fromJson(JsonNode o) {
        Map<String, String> details = new TreeMap<>();
        o.path("details").fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
        List<String> notices = new ArrayList<>();
        o.path("notices").forEach(x -> notices.add(x.asText()));
        return new Application(o.path("id").asText(), ApplicationType.ofCode(o.path("interface").asText()),
                OperatorCode.of(o.path("applicant").asText()), SupplyPointId.of(o.path("supplyPointId").asText()),
                o.path("date").isNull() ? null : LocalDate.parse(o.path("date").asText()),
                o.path("counterpart").isNull() ? null : OperatorCode.of(o.path("counterpart").asText()),
                Status.ofCode(o.path("status").asInt()), text(o, "reason"), text(o, "idempotencyKey"),
                text(o, "requestHash"), Instant.parse(o.path("acceptedAt").asText()),
                Instant.parse(o.path("updatedAt").asText()), text(o, "matchedId"), details, notices);
    }

    private static String text(JsonNode o, String f) {
        JsonNode v = o.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }
}
