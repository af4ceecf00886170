package dev.nodeless.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The EventBridge envelope, parsed once (AWS "Amazon EventBridge events" structure: version, id, detail-type,
 * source, account, time, region, resources, detail). Parsers of the individual kinds only look at {@code detail}.
 */
public record EventEnvelope(String id, String source, String detailType, Instant time, String region,
                            List<String> resources, JsonNode detail) {

    /** Times outside these are no EventBridge event's (and would overflow deadline arithmetic). */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static final ObjectMapper JSON = dev.nodeless.json.StrictJson.mapper(dev.nodeless.json.StrictJson.MAX_EVENT_BYTES);

    public EventEnvelope {
        resources = List.copyOf(resources);
        detail = detail == null ? NullNode.getInstance() : detail;
    }

    /** Parses an event's JSON text. */
    public static EventEnvelope parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new MalformedEventException("event is not valid JSON: " + e.getOriginalMessage() + where, e);
        }
        if (root == null) throw new MalformedEventException("event is empty");
        return of(root);
    }

    /** Reads the envelope of an already parsed event; every required field is checked. */
    public static EventEnvelope of(JsonNode root) {
        if (!root.isObject()) throw new MalformedEventException("event must be a JSON object, got " + root.getNodeType());
        String source = text(root, "source");
        String detailType = text(root, "detail-type");
        String id = root.path("id").asText("");
        Instant time;
        try {
            time = root.hasNonNull("time") ? Instant.parse(root.get("time").asText()) : null;
            if (time != null && (time.isBefore(EARLIEST) || time.isAfter(LATEST))) {
                throw new MalformedEventException("event field 'time' is out of range: '" + root.get("time").asText() + "'");
            }
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("event field 'time' is not an RFC 3339 time: '" + root.get("time").asText() + "'", e);
        }
        List<String> resources = new ArrayList<>();
        root.path("resources").forEach(r -> resources.add(r.asText()));
        return new EventEnvelope(id, source, detailType, time, root.path("region").asText(""), resources, root.get("detail"));
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new MalformedEventException("event has no '" + field + "' (not an EventBridge event?)");
        }
        return n.asText();
    }
}
