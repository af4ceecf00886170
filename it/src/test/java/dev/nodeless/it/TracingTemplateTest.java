package dev.nodeless.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.it.support.ProjectFiles;
import dev.nodeless.testing.ExternalTool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code Tracing} stack parameter, checked on what CloudFormation receives: the template run through the SAM
 * translator (the package cfn-lint uses), once per value. Active: every function and state machine traces and its
 * role may write to X-Ray; Disabled: nothing traces and no role holds X-Ray's write policy outside the condition.
 */
class TracingTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String XRAY = "AWSXrayWriteOnlyAccess";

    @Test
    void active_tracesEveryFunctionAndStateMachine_andLetsEachRoleWrite(@TempDir Path dir) throws IOException {
        JsonNode resources = translate(dir, "Active");

        Map<String, JsonNode> functions = ofType(resources, "AWS::Lambda::Function");
        assertThat(functions).hasSizeGreaterThan(20);
        functions.forEach((id, f) -> {
            assertThat(f.at("/Properties/TracingConfig/Mode/Ref").asText()).as(id).isEqualTo("Tracing");
            assertThat(xrayGrants(resources, f.at("/Properties/Role/Fn::GetAtt/0").asText()))
                    .as("%s's role may write to X-Ray", id).isNotEmpty();
        });
        Map<String, JsonNode> machines = ofType(resources, "AWS::StepFunctions::StateMachine");
        assertThat(machines).hasSizeGreaterThanOrEqualTo(4);
        machines.forEach((id, m) -> {
            assertThat(m.at("/Properties/TracingConfiguration/Enabled/Fn::If").toString()).as(id)
                    .isEqualTo("[\"TracingActive\",true,false]");
            assertThat(xrayGrants(resources, m.at("/Properties/RoleArn/Fn::GetAtt/0").asText()))
                    .as("%s's role writes to X-Ray exactly when tracing is active", id).isNotEmpty().allMatch(conditional());
        });
    }

    @Test
    void disabled_tracesNothing_andGrantsXrayOnlyUnderTheCondition(@TempDir Path dir) throws IOException {
        JsonNode resources = translate(dir, "Disabled");

        ofType(resources, "AWS::Lambda::Function").forEach((id, f) ->
                assertThat(f.at("/Properties/TracingConfig").isMissingNode()).as(id).isTrue());
        ofType(resources, "AWS::IAM::Role").forEach((id, role) ->
                assertThat(xrayGrants(resources, id)).as("%s", id).allMatch(conditional()));
    }

    /** The role's managed policy entries that name X-Ray's write policy, plain or inside an Fn::If. */
    private static List<JsonNode> xrayGrants(JsonNode resources, String roleId) {
        JsonNode role = resources.path(roleId);
        assertThat(role.path("Type").asText()).as(roleId).isEqualTo("AWS::IAM::Role");
        return iterable(role.at("/Properties/ManagedPolicyArns")).stream().filter(p -> p.toString().contains(XRAY)).toList();
    }

    private static Predicate<JsonNode> conditional() {
        return p -> p.at("/Fn::If/0").asText().equals("TracingActive") && p.at("/Fn::If/2/Ref").asText().equals("AWS::NoValue");
    }

    private static JsonNode translate(Path dir, String tracing) throws IOException {
        ExternalTool.requireAvailable(ExternalTool.onPath("cfn-lint"), "cfn-lint and the SAM translator", "pip install cfn-lint aws-sam-translator");
        Path out = dir.resolve("translated-" + tracing + ".json");
        Path script = ProjectFiles.root().resolve("it/src/test/resources/sam-translate.py");
        ExternalTool.Result run = ExternalTool.run(ProjectFiles.root(),
                List.of("python3", script.toString(), "template.yaml", out.toString(), "Tracing=" + tracing));
        assertThat(run.exitCode()).as("SAM translator:\n%s", run.output()).isZero();
        return JSON.readTree(out.toFile()).path("Resources");
    }

    private static Map<String, JsonNode> ofType(JsonNode resources, String type) {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        resources.fields().forEachRemaining(e -> { if (e.getValue().path("Type").asText().equals(type)) out.put(e.getKey(), e.getValue()); });
        return out;
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
