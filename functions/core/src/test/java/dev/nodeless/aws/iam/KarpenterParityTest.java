package dev.nodeless.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.Json;
import dev.nodeless.aws.interruption.InterruptionQueue;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.testing.Reference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Karpenter's own v1.14 CloudFormation ({@code karpenter-cloudformation-1.14.1.yaml} in the reference folder) is what
 * Karpenter is tested with. Our controller policy must grant every action it grants, statement by statement (same
 * Sid), with at least its conditions; our interruption queue must get every rule it creates.
 */
class KarpenterParityTest {

    private final JsonNode ours = Json.read(new RoleDefinitions(AwsTestSupport.spec("demo"), new AwsAccount("aws", "123456789012", "eu-west-1"))
            .irsa(RoleDefinitions.KARPENTER, "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "arn:aws:iam::123456789012:oidc-provider/x")
            .inlinePolicies().get("karpenter-controller"));

    @Test
    void controllerPolicy_grantsEveryReferenceActionWithAtLeastItsConditions() throws IOException {
        List<JsonNode> reference = referenceStatements();
        assertThat(reference).as("statements parsed from the reference").hasSizeGreaterThan(10);
        for (JsonNode ref : reference) {
            String sid = ref.get("Sid").asText();
            JsonNode mine = statement(sid);
            assertThat(mine).as("our policy has statement " + sid).isNotNull();
            assertThat(strings(mine.get("Action"))).as(sid + " actions").containsAll(strings(ref.get("Action")));
            assertThat(conditionKeys(mine)).as(sid + " conditions (operator/key)").containsAll(conditionKeys(ref));
        }
    }

    @Test
    void interruptionQueue_getsEveryReferenceRule() throws IOException {
        String yaml = Files.readString(referenceFile());
        Set<String> referenceDetailTypes = new TreeSet<>();
        Matcher m = Pattern.compile("detail-type:\\s*\\n\\s*-\\s*(.+)").matcher(yaml);
        while (m.find()) referenceDetailTypes.add(m.group(1).trim());
        assertThat(referenceDetailTypes).hasSize(5);

        Set<String> ours = new TreeSet<>();
        for (String kind : ResourceNames.INTERRUPTION_RULE_KINDS) {
            ours.addAll(strings(Json.read(InterruptionQueue.PATTERNS.get(kind)).get("detail-type")));
        }
        assertThat(ours).isEqualTo(referenceDetailTypes);
    }

    private JsonNode statement(String sid) {
        for (JsonNode s : ours.get("Statement")) if (sid.equals(s.path("Sid").asText())) return s;
        return null;
    }

    private static Path referenceFile() {
        Path file = Reference.dir().resolve("karpenter-cloudformation-1.14.1.yaml");
        assumeTrue(Files.isRegularFile(file), "reference " + file + " absent");
        return file;
    }

    /** Every statement of the reference's managed policies: each PolicyDocument is a JSON text under {@code !Sub |}. */
    private static List<JsonNode> referenceStatements() throws IOException {
        List<String> lines = Files.readAllLines(referenceFile());
        List<JsonNode> statements = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().startsWith("PolicyDocument: !Sub |")) continue;
            int indent = lines.get(i).indexOf("PolicyDocument");
            StringBuilder json = new StringBuilder();
            for (int j = i + 1; j < lines.size(); j++) {
                String l = lines.get(j);
                if (!l.isBlank() && l.length() - l.stripLeading().length() <= indent) break;
                if (!l.stripLeading().startsWith("#")) json.append(l).append('\n');
            }
            Json.read(json.toString()).get("Statement").forEach(statements::add);
        }
        return statements;
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> out = new TreeSet<>();
        if (node.isArray()) node.forEach(n -> out.add(n.asText()));
        else out.add(node.asText());
        return out;
    }

    private static Set<String> conditionKeys(JsonNode statement) {
        Set<String> keys = new TreeSet<>();
        JsonNode c = statement.get("Condition");
        if (c == null) return keys;
        c.fields().forEachRemaining(op -> op.getValue().fieldNames().forEachRemaining(k ->
                keys.add(op.getKey() + " " + k.replace("${ClusterName}", "${cluster}").replace("demo", "${cluster}"))));
        return keys;
    }

}
