package dev.nodeless.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The one way in: read, fill defaults, validate. What the {@code validateSpec} Lambda and the plan tool call. */
public final class Specs {

    private Specs() {}

    /** @throws InvalidSpecException listing every problem when the spec is malformed or breaks a rule */
    public static ClusterSpec normalise(JsonNode raw) {
        return check(SpecReader.read(raw));
    }

    public static ClusterSpec normaliseMap(Map<String, Object> raw) {
        return check(SpecReader.readMap(raw));
    }

    public static ClusterSpec normalise(String json) {
        return check(SpecReader.read(json));
    }

    /** The spec as JSON, nulls omitted: what the fleet registry stores and {@link SpecReader#read(String)} reads back. */
    public static String toJson(ClusterSpec spec) {
        try {
            return SpecReader.MAPPER.writeValueAsString(spec);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("serialising the spec of " + spec.clusterName(), e);
        }
    }

    private static ClusterSpec check(ClusterSpec read) {
        ClusterSpec spec = SpecDefaults.apply(read);
        List<String> problems = SpecValidator.validate(spec);
        if (!problems.isEmpty()) throw new InvalidSpecException(problems);
        return spec;
    }
}
