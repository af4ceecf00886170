package dev.nodeless.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@link SpecDecoder} gives exactly what Jackson's record mapping ({@code treeToValue}, which
 * {@link SpecReader} used before) gives: on every spec among the repository's JSON fixtures, and on documents generated
 * from the records themselves with every field set (so a field added to a record and not to the decoder fails here),
 * with JSON nulls everywhere, null list elements and map values, and integers where a number is expected.
 */
class SpecDecoderTest {

    private static ClusterSpec jackson(JsonNode tree) throws IOException {
        return SpecReader.MAPPER.treeToValue(tree, ClusterSpec.class);
    }

    @Test
    void everySpecFixture_decodesAsJacksonDid() throws IOException {
        List<String> compared = new ArrayList<>();
        Path root = SpecFixtures.root();
        for (String dir : List.of("events", "bench/events", "examples")) {
            if (!Files.isDirectory(root.resolve(dir))) continue;
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    JsonNode doc = SpecReader.MAPPER.readTree(Files.readString(f));
                    for (JsonNode candidate : new JsonNode[] {doc, doc.get("spec"), doc.get("clusterSpec")}) {
                        if (candidate == null || !candidate.isObject()) continue;
                        ClusterSpec read;
                        try {
                            read = SpecReader.read(candidate);
                        } catch (InvalidSpecException notASpec) {
                            continue;
                        }
                        assertThat(read).as(f.toString()).isEqualTo(jackson(candidate)).isEqualTo(SpecDecoder.spec(candidate));
                        compared.add(root.relativize(f).toString());
                    }
                }
            }
        }
        assertThat(compared).as("specs compared").hasSizeGreaterThanOrEqualTo(4)
                .contains("events/bootstrap-input.json", "events/cluster-spec-node-pools.json", "bench/events/cluster-spec.json");
        assertThat(SpecDecoder.spec(SpecFixtures.sample())).isEqualTo(jackson(SpecFixtures.sample()));
        assertThat(SpecDecoder.spec(SpecFixtures.minimal())).isEqualTo(jackson(SpecFixtures.minimal()));
    }

    @Test
    void everyFieldOfEveryRecord_set_decodesAsJacksonDoes() throws IOException {
        for (int variant = 0; variant < 3; variant++) {
            ObjectNode doc = (ObjectNode) generate(ClusterSpec.class, "$", variant);
            SpecReader.read(doc); // passes the structural check
            ClusterSpec decoded = SpecDecoder.spec(doc);
            assertThat(decoded).as("variant " + variant).isEqualTo(jackson(doc));
            assertThat(decoded.buffer().baselinePercent()).as("a number from JSON").isNotNull();
            assertThat(decoded.karpenter().nodePools().get(0).taints()).as("every list filled").isNotEmpty();
        }
    }

    @Test
    void nullsEverywhere_decodeAsJacksonDoes() throws IOException {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        for (RecordComponent c : ClusterSpec.class.getRecordComponents()) doc.putNull(c.getName());
        assertThat(SpecDecoder.spec(doc)).isEqualTo(jackson(doc)).isEqualTo(SpecReader.read(doc));
        ObjectNode empty = JsonNodeFactory.instance.objectNode();
        assertThat(SpecDecoder.spec(empty)).isEqualTo(jackson(empty));
    }

    /**
     * A JSON value for {@code type}: records with every component, lists of two items (the second JSON null in variant
     * 1), maps of two entries (one null in variant 1), strings naming their path, integers, a number as an integer in
     * variant 2, booleans alternating with the variant.
     */
    private static JsonNode generate(Type type, String path, int variant) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord()) {
            ObjectNode o = f.objectNode();
            for (RecordComponent c : raw.getRecordComponents()) o.set(c.getName(), generate(c.getGenericType(), path + "." + c.getName(), variant));
            return o;
        }
        if (raw == String.class) return f.textNode("s" + path);
        if (raw == Boolean.class) return f.booleanNode((path.length() + variant) % 2 == 0);
        if (raw == Integer.class) return f.numberNode(path.length() * 7 + variant);
        if (raw == Double.class) return variant == 2 ? f.numberNode(42) : f.numberNode(path.length() + 0.25);
        if (raw == List.class) {
            ArrayNode a = f.arrayNode();
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            a.add(generate(item, path + "[0]", variant));
            a.add(variant == 1 ? f.nullNode() : generate(item, path + "[1]", variant));
            return a;
        }
        if (raw == Map.class) {
            ObjectNode o = f.objectNode();
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            o.set("k1", generate(value, path + ".k1", variant));
            o.set("k2", variant == 1 ? f.nullNode() : generate(value, path + ".k2", variant));
            return o;
        }
        throw new IllegalStateException("a type the generator does not know: " + type);
    }
}
