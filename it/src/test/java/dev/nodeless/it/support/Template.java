package dev.nodeless.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code template.yaml} as a tree. CloudFormation short forms ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...})
 * are read as their plain values: the tests look at names and structure, cfn-lint checks the intrinsics.
 */
public record Template(JsonNode root, List<String> lines) {

    public static Template load() {
        try {
            String text = Files.readString(ProjectFiles.template());
            return new Template(new YAMLMapper().readTree(text), text.lines().toList());
        } catch (IOException e) {
            throw new IllegalStateException("reading template.yaml", e);
        }
    }

    public Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (type.equals(e.getValue().path("Type").asText())) out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    public Map<String, JsonNode> functions() { return resourcesOfType("AWS::Serverless::Function"); }

    public Map<String, JsonNode> stateMachines() { return resourcesOfType("AWS::Serverless::StateMachine"); }

    public JsonNode resource(String logicalId) {
        JsonNode r = root.get("Resources").get(logicalId);
        if (r == null) throw new AssertionError("template.yaml has no resource " + logicalId);
        return r;
    }
}
