package dev.nodeless.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a cluster spec from JSON. Before mapping, it walks the document against the {@link ClusterSpec} records
 * so that every unknown field and every wrong type is reported with its JSON path in one
 * {@link InvalidSpecException}, instead of Jackson's first-error-only exception trace.
 */
public final class SpecReader {

    /** Shared mapper for specs: strict on unknown fields, omits nulls when writing. */
    public static final ObjectMapper MAPPER = dev.nodeless.json.StrictJson.builder(dev.nodeless.json.StrictJson.MAX_DOCUMENT_BYTES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .build();

    private SpecReader() {}

    public static ClusterSpec read(String json) {
        try {
            return read((JsonNode) MAPPER.readTree(json));
        } catch (IOException e) {
            throw new InvalidSpecException(List.of("$: not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())));
        }
    }

    public static ClusterSpec read(byte[] json) {
        return read(new String(json, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** For handlers that receive the spec already parsed into maps and lists. */
    public static ClusterSpec readMap(Map<String, Object> spec) {
        return read((JsonNode) MAPPER.valueToTree(spec == null ? Map.of() : spec));
    }

    public static ClusterSpec read(JsonNode node) {
        List<String> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            throw new InvalidSpecException(List.of("$: the cluster spec must be a JSON object"));
        }
        check(node, ClusterSpec.class, "$", problems);
        if (!problems.isEmpty()) throw new InvalidSpecException(problems);
        try {
            return SpecDecoder.spec(node); // plain constructor calls: no Jackson record mapping through reflection
        } catch (RuntimeException e) {
            // The walk above mirrors the records, so this means the two disagree: a bug, not bad input.
            throw new IllegalStateException("mapping a structurally checked spec failed", e);
        }
    }

    private static void check(JsonNode node, Type type, String path, List<String> problems) {
        if (node.isNull()) return; // absent and null mean "use the default"
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord()) {
            checkRecord(node, raw, path, problems);
        } else if (raw == String.class) {
            if (!node.isTextual()) problems.add(path + ": must be a string, got " + describe(node));
        } else if (raw == Boolean.class) {
            if (!node.isBoolean()) problems.add(path + ": must be true or false, got " + describe(node));
        } else if (raw == Integer.class) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) problems.add(path + ": must be an integer, got " + describe(node));
        } else if (raw == Double.class) {
            if (!node.isNumber()) problems.add(path + ": must be a number, got " + describe(node));
        } else if (raw == List.class) {
            if (!node.isArray()) {
                problems.add(path + ": must be an array, got " + describe(node));
                return;
            }
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (int i = 0; i < node.size(); i++) check(node.get(i), item, path + "[" + i + "]", problems);
        } else if (raw == Map.class) {
            if (!node.isObject()) {
                problems.add(path + ": must be an object, got " + describe(node));
                return;
            }
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            node.fields().forEachRemaining(e -> check(e.getValue(), value, path + "." + e.getKey(), problems));
        } else {
            throw new IllegalStateException("ClusterSpec uses a type the reader does not know: " + raw);
        }
    }

    private static void checkRecord(JsonNode node, Class<?> record, String path, List<String> problems) {
        if (!node.isObject()) {
            problems.add(path + ": must be an object, got " + describe(node));
            return;
        }
        Map<String, RecordComponent> components = Arrays.stream(record.getRecordComponents())
                .collect(Collectors.toMap(RecordComponent::getName, c -> c));
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            RecordComponent c = components.get(field.getKey());
            if (c == null) {
                problems.add(path + "." + field.getKey() + ": unknown field (known here: "
                        + Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.joining(", ")) + ")");
            } else {
                check(field.getValue(), c.getGenericType(), path + "." + field.getKey(), problems);
            }
        }
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        return node.getNodeType().name().toLowerCase() + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
