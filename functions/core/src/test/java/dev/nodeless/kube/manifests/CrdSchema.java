package dev.nodeless.kube.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A CRD version's {@code openAPIV3Schema} as a JSON Schema for networknt. Stricter than the API server in one way
 * on purpose: fields the schema does not declare are errors here (the server would silently prune them, which is
 * how a misspelt field gets lost). CEL rules ({@code x-kubernetes-validations}) are not evaluated.
 */
public final class CrdSchema {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final JsonSchema schema;

    private CrdSchema(JsonSchema schema) {
        this.schema = schema;
    }

    public static CrdSchema load(Path crdFile, String version) {
        try {
            JsonNode crd = YAML.readTree(crdFile.toFile());
            for (JsonNode v : crd.at("/spec/versions")) {
                if (version.equals(v.path("name").asText())) {
                    JsonNode openApi = v.at("/schema/openAPIV3Schema").deepCopy();
                    close(openApi);
                    return new CrdSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(openApi));
                }
            }
            throw new IllegalArgumentException(crdFile + " has no version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> problems(HasMetadata object) {
        JsonNode json = SERIALIZATION.convertValue(object, JsonNode.class);
        return schema.validate(json).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Objects with declared properties accept nothing else (unless the CRD preserves unknown fields there). */
    private static void close(JsonNode node) {
        if (node.isArray()) {
            node.forEach(CrdSchema::close);
            return;
        }
        if (!node.isObject()) return;
        ObjectNode o = (ObjectNode) node;
        if (o.has("properties") && !o.has("additionalProperties") && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            o.put("additionalProperties", false);
        }
        // Kubernetes' own keywords mean nothing to a JSON Schema validator (int-or-string is spelt out as anyOf).
        o.remove(o.properties().stream().map(Map.Entry::getKey).filter(k -> k.startsWith("x-kubernetes-")).toList());
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("properties")) e.getValue().forEach(CrdSchema::close);
            else close(e.getValue());
        }
    }
}
