package dev.nodeless.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.aws.AwsAccount;
import dev.nodeless.it.support.Template;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * IAM cannot be evaluated here, so this tests the rule that decides it (issue: "the stack cannot act on itself",
 * "every valid name works"): the Resource patterns of template.yaml, with wildcards as IAM reads them, against the
 * names the code makes for every valid cluster name and against the names CloudFormation gives this stack's own
 * roles, queues and rules, for several stack names (README deploys it as {@code nodeless}).
 */
class PermissionScopeTest {

    private static final AwsAccount ACCOUNT = new AwsAccount("aws", "123456789012", "eu-west-1");
    private static final List<String> STACK_NAMES = List.of("nodeless", "nodeless-prod", "n", "Nodeless-" + "x".repeat(60));

    private final Template template = Template.load();

    /** Statements of every function (inline, or through its Role) and of every IAM role in the template. */
    private List<JsonNode> allStatements() {
        List<JsonNode> out = new ArrayList<>();
        template.functions().values().forEach(fn -> fn.at("/Properties/Policies").forEach(p -> p.path("Statement").forEach(out::add)));
        template.resourcesOfType("AWS::IAM::Role").values()
                .forEach(r -> r.at("/Properties/Policies").forEach(p -> p.at("/PolicyDocument/Statement").forEach(out::add)));
        template.stateMachines().values().forEach(sm -> sm.at("/Properties/Policies").forEach(p -> p.path("Statement").forEach(out::add)));
        return out;
    }

    @Test
    void noWritePermission_matchesAResourceOfTheStackItself_whateverItsName() {
        List<String> own = new ArrayList<>();
        for (String stack : STACK_NAMES) {
            String prefix = stack.length() > 40 ? stack.substring(0, 40) : stack; // CloudFormation cuts long stack names
            // The stack's own roles, queues and rules, named as CloudFormation names them.
            template.functions().keySet().forEach(id -> own.add(ACCOUNT.iamArn("role/" + prefix + "-" + id + "Role-ABCDEF123456")));
            template.stateMachines().keySet().forEach(id -> own.add(ACCOUNT.iamArn("role/" + prefix + "-" + id + "Role-ABCDEF123456")));
            template.resourcesOfType("AWS::IAM::Role").keySet().forEach(id -> own.add(ACCOUNT.iamArn("role/" + prefix + "-" + id + "-ABCDEF123456")));
            template.resourcesOfType("AWS::SQS::Queue").keySet().forEach(id -> own.add(ACCOUNT.arn("sqs", prefix + "-" + id + "-ABCDEF123456")));
            template.resourcesOfType("AWS::Events::Rule").keySet().forEach(id -> own.add(ACCOUNT.arn("events", "rule/" + prefix + "-" + id + "-ABCDEF123456")));
            assertThat(template.resourcesOfType("AWS::IAM::InstanceProfile")).as("the stack has no instance profile of its own").isEmpty();
        }
        List<String> reaches = new ArrayList<>();
        for (JsonNode st : allStatements()) {
            for (String action : actions(st)) {
                if (!write(action) || !(action.startsWith("iam:") || action.startsWith("sqs:") || action.startsWith("events:"))) continue;
                for (String pattern : resources(st)) {
                    for (String arn : own) if (matches(pattern, arn)) reaches.add(action + " " + pattern + " -> " + arn);
                }
            }
        }
        assertThat(reaches).isEmpty();
    }

    @Test
    void everyValidClusterName_yieldsNamesTheTemplateAllows() {
        for (int length = 1; length <= ResourceNames.MAX_CLUSTER_NAME; length++) {
            String cluster = ("c" + "a-9_Z".repeat(20)).substring(0, length);
            ResourceNames n = new ResourceNames(cluster);
            assertAllowed("EnsureIamRoleFunction", "iam:CreateRole", ACCOUNT.roleArn(n.clusterRole()));
            assertAllowed("EnsureIamRoleFunction", "iam:PutRolePolicy", ACCOUNT.roleArn(n.nodeRole()));
            assertAllowed("EnsureIamRoleFunction", "iam:CreateInstanceProfile", ACCOUNT.iamArn("instance-profile" + ResourceNames.IAM_PATH + n.nodeInstanceProfile()));
            assertAllowed("EnsureIamRoleFunction", "iam:PassRole", ACCOUNT.roleArn(n.nodeRole()));
            assertAllowed("EnsureClusterFunction", "iam:PassRole", ACCOUNT.roleArn(n.clusterRole()));
            assertAllowed("EnsureFargateProfileFunction", "iam:PassRole", ACCOUNT.roleArn(n.fargatePodExecutionRole()));
            assertAllowed("EnsureAddonFunction", "iam:PassRole", ACCOUNT.roleArn(n.ebsCsiDriverRole()));
            assertAllowed("EnsureIrsaRoleFunction", "iam:AttachRolePolicy", ACCOUNT.roleArn(n.ebsCsiDriverRole()));
            assertThat(allowedBy("EnsureAddonFunction", "iam:PassRole", ACCOUNT.roleArn(n.nodeRole()))).as(cluster).isEmpty();
            assertThat(allowedBy("EnsureIrsaRoleFunction", "iam:AttachRolePolicy", ACCOUNT.roleArn(n.karpenterControllerRole()))).as(cluster).isEmpty();
            for (String irsa : List.of(n.karpenterControllerRole(), n.loadBalancerControllerRole(), n.externalDnsRole(), n.ebsCsiDriverRole())) {
                assertAllowed("EnsureIrsaRoleFunction", "iam:CreateRole", ACCOUNT.roleArn(irsa));
                assertAllowed("TeardownStepFunction", "iam:DeleteRole", ACCOUNT.roleArn(irsa));
            }
            assertAllowed("EnsureClusterFunction", "kms:CreateAlias", ACCOUNT.arn("kms", n.kmsAlias()));
            assertAllowed("TeardownStepFunction", "kms:DeleteAlias", ACCOUNT.arn("kms", n.kmsAlias()));
            assertAllowed("EnsureInterruptionQueueFunction", "sqs:CreateQueue", ACCOUNT.arn("sqs", n.interruptionQueue()));
            assertAllowed("TeardownStepFunction", "sqs:DeleteQueue", ACCOUNT.arn("sqs", n.interruptionQueue()));
            for (String kind : ResourceNames.INTERRUPTION_RULE_KINDS) {
                assertAllowed("EnsureInterruptionQueueFunction", "events:PutRule", ACCOUNT.arn("events", "rule/" + n.interruptionRule(kind)));
                assertAllowed("TeardownStepFunction", "events:DeleteRule", ACCOUNT.arn("events", "rule/" + n.interruptionRule(kind)));
            }
            // Wrong purpose: the cluster's PassRole must not reach the node role, nor EC2's the cluster role.
            assertThat(allowedBy("EnsureClusterFunction", "iam:PassRole", ACCOUNT.roleArn(n.nodeRole()))).as(cluster).isEmpty();
            assertThat(allowedBy("EnsureIamRoleFunction", "iam:PassRole", ACCOUNT.roleArn(n.clusterRole()))).as(cluster).isEmpty();
        }
    }

    @Test
    void everyPassRole_namesTheServiceItPassesTo_andEveryClusterResourceWriteNeedsTheOwnershipTag() {
        for (JsonNode st : allStatements()) {
            if (actions(st).contains("iam:PassRole")) {
                assertThat(st.at("/Condition/StringEquals/iam:PassedToService").isMissingNode()).as(st.toString()).isFalse();
            }
            boolean clusterResource = resources(st).stream().anyMatch(r -> r.contains("/nodeless/") || r.contains(ResourceNames.QUEUE_AND_RULE_PREFIX));
            boolean writes = actions(st).stream().anyMatch(a -> write(a) && !a.equals("iam:PassRole") && !a.equals("sqs:GetQueueUrl"));
            if (clusterResource && writes && kmsAliasSide(st)) continue;
            if (clusterResource && writes) {
                JsonNode eq = st.at("/Condition/StringEquals");
                String owner = eq.path("aws:ResourceTag/" + ResourceNames.MANAGED_BY_TAG).asText(eq.path("aws:RequestTag/" + ResourceNames.MANAGED_BY_TAG).asText());
                assertThat(owner).as("ownership condition on " + st).isEqualTo("RegistryTable");
            }
        }
    }

    /**
     * KMS aliases carry no tags, so their statements cannot be conditioned on ownership; KMS authorises CreateAlias and
     * DeleteAlias on the alias and on its key, so such a statement is safe only when the same function may do the same on
     * keys solely with the ownership tag. Checked here, for every function that has one.
     */
    private boolean kmsAliasSide(JsonNode st) {
        List<String> res = resources(st);
        if (res.isEmpty() || !res.stream().allMatch(r -> r.contains(":kms:") && r.contains(":alias/nodeless/"))) return false;
        for (String action : actions(st)) {
            boolean keyGuarded = template.functions().values().stream()
                    .filter(fn -> fn.at("/Properties/Policies").toString().contains(st.toString()))
                    .flatMap(fn -> java.util.stream.StreamSupport.stream(fn.at("/Properties/Policies").path(0).path("Statement").spliterator(), false))
                    .anyMatch(k -> actions(k).contains(action) && resources(k).stream().allMatch(r -> r.endsWith(":key/*"))
                            && "RegistryTable".equals(k.path("Condition").path("StringEquals").path("aws:ResourceTag/" + ResourceNames.MANAGED_BY_TAG).asText()));
            assertThat(keyGuarded).as(action + " on an alias needs the same action on owner-tagged keys: " + st).isTrue();
        }
        return true;
    }

    private void assertAllowed(String function, String action, String arn) {
        assertThat(allowedBy(function, action, arn)).as(function + " " + action + " " + arn).isNotEmpty();
    }

    private List<String> allowedBy(String function, String action, String arn) {
        List<String> by = new ArrayList<>();
        for (JsonNode st : template.resource(function).at("/Properties/Policies").path(0).path("Statement")) {
            if (!actions(st).contains(action)) continue;
            for (String pattern : resources(st)) if (matches(pattern, arn)) by.add(pattern);
        }
        return by;
    }

    static boolean write(String action) {
        String verb = action.substring(action.indexOf(':') + 1);
        return !(verb.startsWith("Get") || verb.startsWith("List") || verb.startsWith("Describe"));
    }

    private static TreeSet<String> actions(JsonNode st) {
        TreeSet<String> out = new TreeSet<>();
        JsonNode a = st.path("Action");
        if (a.isArray()) a.forEach(x -> out.add(x.asText())); else out.add(a.asText());
        return out;
    }

    private static List<String> resources(JsonNode st) {
        List<String> out = new ArrayList<>();
        JsonNode r = st.path("Resource");
        if (r.isArray()) r.forEach(x -> out.add(substitute(x.asText()))); else out.add(substitute(r.asText()));
        return out;
    }

    private static String substitute(String s) {
        return s.replace("${AWS::Partition}", "aws").replace("${AWS::Region}", "eu-west-1").replace("${AWS::AccountId}", "123456789012");
    }

    /** IAM's wildcard matching: {@code *} any run of characters (across '/'), {@code ?} one character. */
    static boolean matches(String pattern, String arn) {
        if (!pattern.startsWith("arn:")) return false; // !Ref/!GetAtt of a named template resource: not a pattern
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return arn.matches(re.toString());
    }
}
