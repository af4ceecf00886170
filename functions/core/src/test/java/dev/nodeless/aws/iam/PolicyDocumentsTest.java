package dev.nodeless.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {

    private final RoleDefinitions definitions = new RoleDefinitions(AwsTestSupport.spec("demo"),
            new AwsAccount("aws", "123456789012", "eu-west-1"));

    @Test
    void everyIrsaPolicy_rendersToJsonWithinTheInlinePolicyLimit() {
        for (String kind : RoleDefinitions.IRSA_ROLES) {
            RoleDefinition role = definitions.irsa(kind, "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "arn:aws:iam::123456789012:oidc-provider/x");
            int size = role.inlinePolicies().values().stream().mapToInt(String::length).sum();
            // IAM limits a role's inline policies to 10,240 characters in total (whitespace excluded).
            assertThat(size).as(kind).isLessThan(10_240);
            role.inlinePolicies().values().forEach(p -> assertThat(Json.read(p).get("Statement").size()).isPositive());
        }
    }

    @Test
    void loadBalancerControllerPolicy_mutatesOnlyResourcesTaggedForItsCluster() {
        var policy = Json.read(definitions.irsa("load-balancer-controller", "https://oidc.example/id/A", "arn:p").inlinePolicies()
                .get("load-balancer-controller"));
        List<String> unconditionalMutations = new java.util.ArrayList<>();
        policy.get("Statement").forEach(s -> {
            if (s.has("Condition")) return;
            s.get("Action").forEach(a -> {
                String action = a.asText();
                if (action.contains("Delete") || action.contains("Terminate")) unconditionalMutations.add(action);
            });
        });
        // Listeners, rules and Shield protections offer no tag condition key the controller's calls carry; every other
        // deletion (load balancers, target groups, security groups) is limited to resources tagged elbv2.k8s.aws/cluster.
        assertThat(unconditionalMutations).containsExactlyInAnyOrder("elasticloadbalancing:DeleteListener", "elasticloadbalancing:DeleteRule",
                "shield:DeleteProtection");
    }

    @Test
    void irsaTrust_namesExactlyOneSubjectAndTheStsAudience() {
        var trust = Json.read(PolicyDocuments.irsaTrust("arn:aws:iam::1:oidc-provider/oidc.eks.x/id/A", "https://oidc.eks.x/id/A",
                "system:serviceaccount:karpenter:karpenter"));
        assertThat(trust.at("/Statement/0/Condition/StringEquals").toString())
                .isEqualTo("{\"oidc.eks.x/id/A:aud\":\"sts.amazonaws.com\",\"oidc.eks.x/id/A:sub\":\"system:serviceaccount:karpenter:karpenter\"}");
    }
}
