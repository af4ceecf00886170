package dev.nodeless.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's sample specs ({@code events/}), read from the project root the build passes in. */
public final class SpecFixtures {

    private SpecFixtures() {}

    public static Path root() {
        String root = System.getProperty("nodeless.root");
        Path p = root != null ? Path.of(root) : Path.of("../..").toAbsolutePath().normalize();
        if (!Files.isRegularFile(p.resolve("schema/cluster-spec.schema.json"))) {
            throw new IllegalStateException("cannot find the repository root (system property nodeless.root=" + root + ")");
        }
        return p;
    }

    public static ObjectNode json(String relative) {
        try {
            return (ObjectNode) SpecReader.MAPPER.readTree(root().resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + relative, e);
        }
    }

    /** The runbook's cluster: a deep copy each time, so tests may change it. */
    public static ObjectNode sample() {
        return json("events/bootstrap-input.json");
    }

    public static ClusterSpec sampleSpec() {
        return Specs.normalise(sample());
    }

    /** The smallest valid spec: the two required fields and one admin (a spec must name an admin or a viewer). */
    public static ObjectNode minimal() {
        ObjectNode n = SpecReader.MAPPER.createObjectNode();
        n.put("clusterName", "demo");
        n.put("region", "eu-west-1");
        n.putArray("admins").add(ADMIN);
        return n;
    }

    public static final String ADMIN = "arn:aws:iam::123456789012:role/platform-admin";

    public static JsonNode at(ObjectNode node, String pointer) {
        return node.at(pointer);
    }

    /** Sets {@code jsonValue} (a JSON literal; empty removes) at {@code pointer}, creating parent objects. */
    public static void put(ObjectNode root, String pointer, String jsonValue) {
        // JSON Pointer escapes: ~1 is '/', ~0 is '~' (tag keys such as kubernetes.io/cluster/demo)
        String[] parts = java.util.Arrays.stream(pointer.substring(1).split("/"))
                .map(p -> p.replace("~1", "/").replace("~0", "~")).toArray(String[]::new);
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        try {
            JsonNode value = SpecReader.MAPPER.readTree(jsonValue);
            if (value.isMissingNode()) node.remove(parts[parts.length - 1]);
            else node.set(parts[parts.length - 1], value);
        } catch (Exception e) {
            throw new IllegalArgumentException(jsonValue, e);
        }
    }

}
