package dev.nodeless.kube.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;

/** Kinds that have no namespace, among those the charts and Nodeless produce. */
final class ClusterScoped {

    private static final Set<String> KINDS = Set.of(
            "Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "PriorityClass",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "IngressClass", "IngressClassParams",
            "StorageClass", "APIService", "NodePool", "EC2NodeClass", "NodeOverlay", "GatewayClass", "PersistentVolume",
            "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");

    private ClusterScoped() {}

    static boolean is(HasMetadata o) {
        return KINDS.contains(o.getKind());
    }
}
