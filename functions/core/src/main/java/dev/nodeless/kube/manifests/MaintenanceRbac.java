package dev.nodeless.kube.manifests;

import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the maintenance functions may do in the cluster. Their EKS access entries carry no access policy, only a
 * Kubernetes group (EKS' view/edit policies cover no NodeClaims or CapacityBuffers), so these roles are all they get:
 * exactly the requests {@code kube.buffer.KubeClusterApi} sends. Two groups, one per kind of function:
 * <ul>
 *   <li>{@link ResourceNames#MAINTENANCE_GROUP} (sizeBuffer, the only writer): cluster-wide, read Nodes and label them
 *       at risk, list pods by node, list NodePools (limits) and NodeClaims (expiry); in the buffer namespace only, read
 *       and update the buffer objects by name (the top-level one and each NodePool's own) and record Events on them;</li>
 *   <li>{@link ResourceNames#MAINTENANCE_READER_GROUP} (resolveTarget, reconcileCluster's dry run): the same reads and
 *       no write: get/list Nodes, list pods, NodePools and NodeClaims, get the one buffer object.</li>
 * </ul>
 */
final class MaintenanceRbac {

    private static final String RBAC = "rbac.authorization.k8s.io";

    private MaintenanceRbac() {}

    /** Writer, cluster scope. */
    static List<PolicyRule> clusterRules() {
        return List.of(
                rule("", List.of("nodes"), List.of("get", "list", "patch")),
                rule("", List.of("pods"), List.of("list")),
                rule("karpenter.sh", List.of("nodepools", "nodeclaims"), List.of("list")));
    }

    /** Writer, namespace {@link ResourceNames#BUFFER_NAMESPACE}. */
    static List<PolicyRule> namespaceRules(List<String> buffers) {
        return List.of(
                named(rule("apps", List.of("deployments"), List.of("get", "update")), buffers),
                named(rule("autoscaling.x-k8s.io", List.of("capacitybuffers"), List.of("get", "update")), buffers),
                rule("events.k8s.io", List.of("events"), List.of("create")));
    }

    /** Reader, cluster scope: Node by name (resolve's hint) and paged lists (resolve's fallback, the dry run). */
    static List<PolicyRule> readerClusterRules() {
        return List.of(
                rule("", List.of("nodes"), List.of("get", "list")),
                rule("", List.of("pods"), List.of("list")),
                rule("karpenter.sh", List.of("nodepools", "nodeclaims"), List.of("list")));
    }

    /** Reader, namespace {@link ResourceNames#BUFFER_NAMESPACE}: the buffer object, either backend, by name. */
    static List<PolicyRule> readerNamespaceRules(List<String> buffers) {
        return List.of(
                named(rule("apps", List.of("deployments"), List.of("get")), buffers),
                named(rule("autoscaling.x-k8s.io", List.of("capacitybuffers"), List.of("get")), buffers));
    }

    /** For a cluster with the top-level buffer only. */
    static List<HasMetadata> objects() {
        return objects(List.of(ResourceNames.BUFFER_NAME));
    }

    /** @param buffers the names of every buffer object of the cluster ({@code NodePools.bufferNames}) */
    static List<HasMetadata> objects(List<String> buffers) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(bound(ResourceNames.MAINTENANCE_ROLE, ResourceNames.MAINTENANCE_GROUP, clusterRules(), namespaceRules(buffers)));
        objects.addAll(bound(ResourceNames.MAINTENANCE_READER_ROLE, ResourceNames.MAINTENANCE_READER_GROUP,
                readerClusterRules(), readerNamespaceRules(buffers)));
        return List.copyOf(objects);
    }

    /** A ClusterRole and a Role in the buffer namespace, both named {@code name} and bound to {@code group}. */
    private static List<HasMetadata> bound(String name, String group, List<PolicyRule> clusterRules, List<PolicyRule> namespaceRules) {
        Map<String, String> labels = Labels.of(name);
        var clusterRole = new ClusterRoleBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withRules(clusterRules).build();
        var clusterBinding = new ClusterRoleBindingBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewRoleRef().withApiGroup(RBAC).withKind("ClusterRole").withName(name).endRoleRef()
                .addNewSubject().withApiGroup(RBAC).withKind("Group").withName(group).endSubject()
                .build();
        var role = new RoleBuilder().withNewMetadata().withName(name).withNamespace(ResourceNames.BUFFER_NAMESPACE).withLabels(labels).endMetadata()
                .withRules(namespaceRules).build();
        var binding = new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(ResourceNames.BUFFER_NAMESPACE).withLabels(labels).endMetadata()
                .withNewRoleRef().withApiGroup(RBAC).withKind("Role").withName(name).endRoleRef()
                .addNewSubject().withApiGroup(RBAC).withKind("Group").withName(group).endSubject()
                .build();
        return List.of(clusterRole, clusterBinding, role, binding);
    }

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }

    /** Only the buffer objects themselves, not any other Deployment or CapacityBuffer in the namespace. */
    private static PolicyRule named(PolicyRule r, List<String> buffers) {
        return new PolicyRuleBuilder(r).withResourceNames(buffers).build();
    }
}
