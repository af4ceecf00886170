package dev.nodeless.kube.manifests;

import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Map;

/**
 * What the maintenance functions may do in the cluster. Their EKS access entry carries no access policy, only the
 * Kubernetes group {@link ResourceNames#MAINTENANCE_GROUP} (EKS' view/edit policies cover no NodeClaims or
 * CapacityBuffers), so these roles are all they get: exactly the requests {@code kube.buffer.KubeClusterApi} sends.
 * Cluster-wide: read Nodes and label them at risk, list pods by node, list NodePools (limits) and NodeClaims
 * (expiry). In the buffer namespace only: read and update the one buffer object, record Events on it.
 */
final class MaintenanceRbac {

    private MaintenanceRbac() {}

    static List<PolicyRule> clusterRules() {
        return List.of(
                rule("", List.of("nodes"), List.of("get", "list", "patch")),
                rule("", List.of("pods"), List.of("list")),
                rule("karpenter.sh", List.of("nodepools", "nodeclaims"), List.of("list")));
    }

    static List<PolicyRule> namespaceRules() {
        return List.of(
                named(rule("apps", List.of("deployments"), List.of("get", "update"))),
                named(rule("autoscaling.x-k8s.io", List.of("capacitybuffers"), List.of("get", "update"))),
                rule("events.k8s.io", List.of("events"), List.of("create")));
    }

    static List<HasMetadata> objects() {
        String name = ResourceNames.MAINTENANCE_ROLE;
        Map<String, String> labels = Labels.of(name);
        var clusterRole = new ClusterRoleBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withRules(clusterRules()).build();
        var clusterBinding = new ClusterRoleBindingBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(name).endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(ResourceNames.MAINTENANCE_GROUP).endSubject()
                .build();
        var role = new RoleBuilder().withNewMetadata().withName(name).withNamespace(ResourceNames.BUFFER_NAMESPACE).withLabels(labels).endMetadata()
                .withRules(namespaceRules()).build();
        var binding = new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(ResourceNames.BUFFER_NAMESPACE).withLabels(labels).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(ResourceNames.MAINTENANCE_GROUP).endSubject()
                .build();
        return List.of(clusterRole, clusterBinding, role, binding);
    }

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }

    /** Only the buffer object itself, not any other Deployment or CapacityBuffer in the namespace. */
    private static PolicyRule named(PolicyRule r) {
        return new PolicyRuleBuilder(r).withResourceNames(ResourceNames.BUFFER_NAME).build();
    }
}
