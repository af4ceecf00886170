package dev.nodeless.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** JSON helpers for policy documents and patterns: compare by meaning, not by whitespace or key order. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising " + value.getClass().getSimpleName(), e);
        }
    }

    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** IAM returns policy documents URL-encoded; other services return them plain. */
    public static boolean samePolicy(String wanted, String actual) {
        if (actual == null) return false;
        String decoded = actual.trim().startsWith("%7B") || actual.contains("%22") ? URLDecoder.decode(actual, StandardCharsets.UTF_8) : actual;
        return normalise(read(wanted)).equals(normalise(read(decoded)));
    }

    /** IAM accepts a single string where a list is allowed and reorders nothing else; compare lists of one as scalars. */
    private static JsonNode normalise(JsonNode node) {
        if (node.isArray() && node.size() == 1) return normalise(node.get(0));
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = MAPPER.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), normalise(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = MAPPER.createArrayNode();
            node.forEach(n -> copy.add(normalise(n)));
            return copy;
        }
        return node;
    }
}
