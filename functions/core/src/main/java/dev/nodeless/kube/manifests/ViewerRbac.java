package dev.nodeless.kube.manifests;

import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import java.util.Map;

/**
 * What the spec's viewers may read beyond EKS's {@code AmazonEKSViewPolicy}. That policy maps to Kubernetes' built-in
 * {@code view} role, which covers no custom resources, so a viewer could not see why a node exists or how large the
 * buffer is. This ClusterRole adds get/list/watch on Karpenter's NodePools, NodeClaims and EC2NodeClasses and on
 * CapacityBuffers, bound to {@link ResourceNames#VIEWER_GROUP}, the group the viewers' access entries carry.
 * Rendered on every cluster, with or without viewers: a binding to a group nobody holds grants nothing, and a
 * cluster whose last viewer is removed keeps no stale object that a re-run would have to prune.
 */
final class ViewerRbac {

    private static final String RBAC = "rbac.authorization.k8s.io";
    private static final List<String> READ = List.of("get", "list", "watch");

    private ViewerRbac() {}

    static List<PolicyRule> rules() {
        return List.of(
                rule("karpenter.sh", List.of("nodepools", "nodeclaims")),
                rule("karpenter.k8s.aws", List.of("ec2nodeclasses")),
                rule("autoscaling.x-k8s.io", List.of("capacitybuffers")));
    }

    static List<HasMetadata> objects() {
        String name = ResourceNames.VIEWER_ROLE;
        Map<String, String> labels = Labels.of(name);
        var role = new ClusterRoleBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withRules(rules()).build();
        var binding = new ClusterRoleBindingBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewRoleRef().withApiGroup(RBAC).withKind("ClusterRole").withName(name).endRoleRef()
                .addNewSubject().withApiGroup(RBAC).withKind("Group").withName(ResourceNames.VIEWER_GROUP).endSubject()
                .build();
        return List.of(role, binding);
    }

    private static PolicyRule rule(String group, List<String> resources) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(READ).build();
    }
}
