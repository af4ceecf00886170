package dev.nodeless.kube.manifests;

import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.NodePools;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NodePools (karpenter.sh/v1) and the EC2NodeClass (karpenter.k8s.aws/v1) every non-system node comes from:
 * the runbook's Provisioner and AWSNodeTemplate on today's API. Built as generic objects because fabric8 has no
 * Karpenter model; the tests check them against the real CRD schemas.
 */
final class KarpenterObjects {

    static final String NODE_POOL_API = "karpenter.sh/v1";
    static final String NODE_CLASS_API = "karpenter.k8s.aws/v1";

    private KarpenterObjects() {}

    /** Every NodePool of the spec ({@link NodePools#of}): without a list, the one pool {@code default} as always. */
    static List<GenericKubernetesResource> nodePools(ClusterSpec spec) {
        return NodePools.of(spec).stream().map(KarpenterObjects::nodePool).toList();
    }

    /** The one NodePool of a spec without a list (the form before pools could be listed). */
    static GenericKubernetesResource nodePool(ClusterSpec spec) {
        return nodePool(NodePools.of(spec).get(0));
    }

    /**
     * One NodePool. Fields a pool leaves unset are left out, so Karpenter's CRD defaults apply and the pool built from
     * the top-level fields renders exactly as the single pool always did (same keys, same order).
     */
    static GenericKubernetesResource nodePool(ClusterSpec.NodePool p) {
        Map<String, Object> nodeSpec = new LinkedHashMap<>();
        nodeSpec.put("nodeClassRef", Labels.ordered("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", ResourceNames.NODE_CLASS));
        nodeSpec.put("expireAfter", p.expireAfter());
        List<Map<String, Object>> requirements = new ArrayList<>();
        requirements.add(requirement("karpenter.sh/capacity-type", "In", p.capacityTypes()));
        // an In requirement needs values (the CRD refuses an empty list): a pool naming only families has no category one
        if (!isEmpty(p.instanceCategories())) requirements.add(requirement("karpenter.k8s.aws/instance-category", "In", p.instanceCategories()));
        if (!isEmpty(p.instanceFamilies())) requirements.add(requirement("karpenter.k8s.aws/instance-family", "In", p.instanceFamilies()));
        if (!isEmpty(p.instanceSizes())) requirements.add(requirement("karpenter.k8s.aws/instance-size", "In", p.instanceSizes()));
        // Older generations are scarce on the spot market and slower; Karpenter's own examples use the same floor.
        requirements.add(requirement("karpenter.k8s.aws/instance-generation", "Gt", List.of("2")));
        requirements.add(requirement("kubernetes.io/arch", "In", p.architectures()));
        requirements.add(requirement("kubernetes.io/os", "In", List.of("linux")));
        nodeSpec.put("requirements", requirements);
        if (!isEmpty(p.taints())) nodeSpec.put("taints", taints(p.taints()));
        if (!isEmpty(p.startupTaints())) nodeSpec.put("startupTaints", taints(p.startupTaints()));
        if (p.terminationGracePeriod() != null) nodeSpec.put("terminationGracePeriod", p.terminationGracePeriod());
        Map<String, Object> labels = Labels.ordered(ResourceNames.MANAGED_BY_TAG, "nodeless");
        if (p.labels() != null) labels.putAll(new java.util.TreeMap<>(p.labels()));
        Map<String, Object> poolSpec = new LinkedHashMap<>();
        poolSpec.put("template", Labels.ordered("metadata", Labels.ordered("labels", labels), "spec", nodeSpec));
        Map<String, Object> disruption = Labels.ordered(
                "consolidationPolicy", p.disruption().consolidationPolicy(),
                "consolidateAfter", p.disruption().consolidateAfter());
        if (p.disruption().budgets() != null) disruption.put("budgets", p.disruption().budgets().stream().map(KarpenterObjects::budget).toList());
        poolSpec.put("disruption", disruption);
        poolSpec.put("limits", new LinkedHashMap<Object, Object>(p.limits()));
        if (p.weight() != null) poolSpec.put("weight", p.weight());
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(NODE_POOL_API).withKind("NodePool")
                .withNewMetadata().withName(p.name()).withLabels(Labels.of("karpenter")).endMetadata()
                .addToAdditionalProperties("spec", poolSpec)
                .build();
    }

    private static List<Map<String, Object>> taints(List<ClusterSpec.Taint> taints) {
        return taints.stream().map(t -> {
            Map<String, Object> m = Labels.ordered("key", t.key());
            if (t.value() != null) m.put("value", t.value());
            m.put("effect", t.effect());
            return m;
        }).toList();
    }

    private static Map<String, Object> budget(ClusterSpec.Disruption.Budget b) {
        Map<String, Object> m = Labels.ordered("nodes", b.nodes());
        if (b.reasons() != null) m.put("reasons", b.reasons());
        if (b.schedule() != null) m.put("schedule", b.schedule());
        if (b.duration() != null) m.put("duration", b.duration());
        return m;
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
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
