package jp.ami.switching;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import jp.ami.model.InvalidValueException;
import jp.ami.model.SupplyPointId;

/**
 * A request body of the switching API: one JSON object of string values (and booleans for flags), parsed strictly (duplicate keys and
 * trailing tokens are errors). Every problem is an {@link InvalidValueException} (400) naming the field: for
 * malformed JSON the field the parser was in ({@code body} at the top level), else the unknown, missing or
 * non-string field.
 */
final class JsonBody {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    /** Parses the body of {@code req} as one JSON object; a syntax error names the field being read when it happened. */
    static JsonBody of(FullHttpRequest req) {
        if (req.content().readableBytes() == 0) {
            throw new InvalidValueException("body", "", "is required: a JSON object");
        }
        JsonNode n;
        try (JsonParser p = MAPPER.createParser((InputStream) new ByteBufInputStream(req.content().duplicate()))) {
            try {
                n = MAPPER.readTree(p);
            } catch (JsonProcessingException e) {
                throw new InvalidValueException(fieldAt(p), excerpt(req), "is malformed JSON: " + e.getOriginalMessage());
            }
        } catch (IOException e) {
            throw new InvalidValueException("body", excerpt(req), "could not be read: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new InvalidValueException("body", excerpt(req), "must be a JSON object");
        }
        return new JsonBody(n);
    }

    /** 400 naming the first field that is not one of {@code fields}. */
    JsonBody allow(String... fields) {
        Set<String> known = Set.of(fields);
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new InvalidValueException(f, node.get(f), "is not a known field here (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return this;
    }

    boolean has(String field) {
        return node.has(field);
    }

    /** The string {@code field}; 400 when it is missing, null or not a string. */
    String required(String field) {
        return text(field, true);
    }

    /** The string {@code field}, or null when it is missing or null; 400 when it is not a string. */
    String optional(String field) {
        return text(field, false);
    }

    /** The date {@code field}, {@code YYYY-MM-DD}; required. */
    LocalDate date(String field) {
        return parseDate(field, required(field));
    }

    /** The date {@code field}, {@code YYYY-MM-DD}, or null when it is missing or null. */
    LocalDate optionalDate(String field) {
        String s = optional(field);
        return s == null ? null : parseDate(field, s);
    }

    /** The JSON boolean {@code field}; false when it is missing or null, 400 when it is not {@code true}/{@code false}. */
    boolean flag(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new InvalidValueException(field, v, "must be true or false (a JSON boolean)");
        }
        return v.booleanValue();
    }

    /** The required whole number {@code field}: a JSON integer or a string of 1–9 digits; 400 otherwise. */
    int wholeNumber(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidValueException(field, null, "is required");
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual() && v.asText().matches("\\d{1,9}")) {
            return Integer.parseInt(v.asText());
        }
        throw new InvalidValueException(field, v, "must be a whole number");
    }

    private static LocalDate parseDate(String field, String s) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, s, "must be a date YYYY-MM-DD");
        }
    }

    /** The required {@code supplyPointId}. */
    SupplyPointId supplyPoint() {
        return SupplyPointId.of(required("supplyPointId"));
    }

    private String text(String field, boolean required) {
        JsonNode v = node.get(field);
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
}
