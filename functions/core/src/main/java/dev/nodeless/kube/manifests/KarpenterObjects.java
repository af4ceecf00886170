package dev.nodeless.kube.manifests;

import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NodePool (karpenter.sh/v1) and EC2NodeClass (karpenter.k8s.aws/v1) every non-system node comes from:
 * the runbook's Provisioner and AWSNodeTemplate on today's API. Built as generic objects because fabric8 has no
 * Karpenter model; the tests check them against the real CRD schemas.
 */
final class KarpenterObjects {

    static final String NODE_POOL_API = "karpenter.sh/v1";
    static final String NODE_CLASS_API = "karpenter.k8s.aws/v1";

    private KarpenterObjects() {}

    static GenericKubernetesResource nodePool(ClusterSpec spec) {
        ClusterSpec.Karpenter k = spec.karpenter();
        Map<String, Object> nodeSpec = new LinkedHashMap<>();
        nodeSpec.put("nodeClassRef", Labels.ordered("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", ResourceNames.NODE_CLASS));
        nodeSpec.put("expireAfter", k.expireAfter());
        nodeSpec.put("requirements", List.of(
                requirement("karpenter.sh/capacity-type", "In", k.capacityTypes()),
                requirement("karpenter.k8s.aws/instance-category", "In", k.instanceCategories()),
                // Older generations are scarce on the spot market and slower; Karpenter's own examples use the same floor.
                requirement("karpenter.k8s.aws/instance-generation", "Gt", List.of("2")),
                requirement("kubernetes.io/arch", "In", List.of("amd64")),
                requirement("kubernetes.io/os", "In", List.of("linux"))));
        Map<String, Object> poolSpec = new LinkedHashMap<>();
        poolSpec.put("template", Labels.ordered("metadata", Labels.ordered("labels", Labels.ordered(ResourceNames.MANAGED_BY_TAG, "nodeless")), "spec", nodeSpec));
        poolSpec.put("disruption", Labels.ordered(
                "consolidationPolicy", "WhenEmptyOrUnderutilized",
                "consolidateAfter", k.consolidateAfter()));
        poolSpec.put("limits", Labels.ordered("cpu", String.valueOf(k.cpuLimit()), "memory", k.memoryLimit()));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(NODE_POOL_API).withKind("NodePool")
                .withNewMetadata().withName(ResourceNames.NODE_POOL).withLabels(Labels.of("karpenter")).endMetadata()
                .addToAdditionalProperties("spec", poolSpec)
                .build();
    }

    static GenericKubernetesResource nodeClass(ClusterSpec spec, ClusterFacts facts) {
        Map<String, Object> discovery = Labels.ordered("tags", Labels.ordered(ResourceNames.DISCOVERY_TAG, spec.clusterName()));
        Map<String, Object> tags = new LinkedHashMap<>(spec.tags());
        tags.put(ResourceNames.MANAGED_BY_TAG, "nodeless");
        tags.put(ResourceNames.CLUSTER_TAG, spec.clusterName());
        Map<String, Object> classSpec = new LinkedHashMap<>();
        classSpec.put("role", facts.nodeRoleName());
        classSpec.put("amiSelectorTerms", List.of(Labels.ordered("alias", spec.karpenter().amiAlias())));
        classSpec.put("subnetSelectorTerms", List.of(discovery));
        classSpec.put("securityGroupSelectorTerms", List.of(discovery));
        classSpec.put("tags", tags);
        // IMDSv2 only and no pod access to the node role: pods use IRSA, never the instance profile.
        classSpec.put("metadataOptions", Labels.ordered("httpEndpoint", "enabled", "httpTokens", "required", "httpPutResponseHopLimit", 1));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(NODE_CLASS_API).withKind("EC2NodeClass")
                .withNewMetadata().withName(ResourceNames.NODE_CLASS).withLabels(Labels.of("karpenter")).endMetadata()
                .addToAdditionalProperties("spec", classSpec)
                .build();
    }

    private static Map<String, Object> requirement(String key, String operator, List<String> values) {
        return Labels.ordered("key", key, "operator", operator, "values", values);
    }
}
