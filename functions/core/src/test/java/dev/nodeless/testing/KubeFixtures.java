package dev.nodeless.testing;

import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders of the Kubernetes objects the maintenance tests need (test.Pod(...) style). */
public final class KubeFixtures {

    private KubeFixtures() {}

    public static Node node(String name, String instanceId, String zone) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("topology.kubernetes.io/zone", zone).addToLabels("karpenter.sh/nodepool", "default").endMetadata()
                .withNewSpec().withProviderID("aws:///" + zone + "/" + instanceId).endSpec().build();
    }

    /** A running workload pod with one container requesting {@code cpu}/{@code memory}. */
    public static Pod pod(String namespace, String name, String node, String cpu, String memory) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withNodeName(node)
                .addNewContainer().withName("app").withImage("public.ecr.aws/docker/library/nginx:1.27")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory)).endResources()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
    }

    public static Pod daemonSetPod(String name, String node, String cpu, String memory) {
        Pod p = pod("kube-system", name, node, cpu, memory);
        p.getMetadata().setOwnerReferences(java.util.List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion("apps/v1").withKind("DaemonSet").withName("aws-node").withUid("u-1").build()));
        return p;
    }

    public static Pod bufferPod(String name, String node) {
        Pod p = pod(ResourceNames.BUFFER_NAMESPACE, name, node, "1", "1Gi");
        p.getMetadata().setLabels(Map.of(ResourceNames.BUFFER_POD_LABEL, "true"));
        p.getSpec().setPriorityClassName(ResourceNames.BUFFER_PRIORITY_CLASS);
        return p;
    }

    public static Deployment pausePods(int replicas) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(ResourceNames.BUFFER_NAMESPACE).withName(ResourceNames.BUFFER_NAME).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels(ResourceNames.BUFFER_POD_LABEL, "true").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels(ResourceNames.BUFFER_POD_LABEL, "true").endMetadata()
                .withNewSpec().withPriorityClassName(ResourceNames.BUFFER_PRIORITY_CLASS)
                .addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                .withNewResources().addToRequests("cpu", new Quantity("1")).addToRequests("memory", new Quantity("1Gi")).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    public static GenericKubernetesResource capacityBuffer(int replicas) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("podTemplateRef", Map.of("name", ResourceNames.BUFFER_NAME));
        spec.put("replicas", replicas);
        spec.put("provisioningStrategy", "buffer.x-k8s.io/active-capacity");
        return new GenericKubernetesResourceBuilder().withApiVersion("autoscaling.x-k8s.io/v1beta1").withKind("CapacityBuffer")
                .withNewMetadata().withNamespace(ResourceNames.BUFFER_NAMESPACE).withName(ResourceNames.BUFFER_NAME).endMetadata()
                .addToAdditionalProperties("spec", spec).build();
    }

    public static GenericKubernetesResource nodeClaim(String name, String node, String instanceId, Instant created, String expireAfter) {
        return new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1").withKind("NodeClaim")
                .withNewMetadata().withName(name).withCreationTimestamp(created.toString()).endMetadata()
                .addToAdditionalProperties("spec", Map.of("expireAfter", expireAfter))
                .addToAdditionalProperties("status", Map.of("nodeName", node, "providerID", "aws:///eu-west-1a/" + instanceId))
                .build();
    }

    /**
     * A NodeClaim of NodePool {@code pool} shaped as Karpenter v1.14.1 writes it (karpenter.sh_nodeclaims.yaml): the
     * nodepool label, spec.nodeClassRef and requirements, and, when {@code driftedAt} is set, a {@code Drifted=True}
     * condition since then; {@code deleting} sets a deletionTimestamp (its replacement is under way).
     */
    public static GenericKubernetesResource driftedNodeClaim(String name, String node, String instanceId, String pool, Instant created,
                                                            Instant driftedAt, boolean deleting) {
        List<Map<String, Object>> conditions = new java.util.ArrayList<>();
        conditions.add(condition("Ready", "True", created.plusSeconds(60), "Ready"));
        if (driftedAt != null) conditions.add(condition("Drifted", "True", driftedAt, "AMIDrift"));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("expireAfter", "720h");
        spec.put("nodeClassRef", Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", "default"));
        spec.put("requirements", List.of(Map.of("key", "karpenter.sh/capacity-type", "operator", "In", "values", List.of("spot"))));
        var meta = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withCreationTimestamp(created.toString())
                .withLabels(Map.of("karpenter.sh/nodepool", pool));
        if (deleting) meta.withDeletionTimestamp(driftedAt == null ? created.toString() : driftedAt.plusSeconds(30).toString())
                .withFinalizers("karpenter.sh/termination");
        return new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1").withKind("NodeClaim").withMetadata(meta.build())
                .addToAdditionalProperties("spec", spec)
                .addToAdditionalProperties("status", Map.of("nodeName", node, "providerID", "aws:///eu-west-1a/" + instanceId, "conditions", conditions))
                .build();
    }

    private static Map<String, Object> condition(String type, String status, Instant since, String reason) {
        return Map.of("type", type, "status", status, "lastTransitionTime", since.toString(), "reason", reason, "message", "");
    }

    /** A NodePool with the given {@code spec.disruption.budgets} (each a map of nodes, reasons, schedule, duration). */
    public static GenericKubernetesResource nodePoolWithBudgets(String name, List<Map<String, Object>> budgets) {
        Map<String, Object> template = Map.of("spec", Map.of("nodeClassRef", Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass",
                "name", "default"), "requirements", List.of(Map.of("key", "karpenter.sh/capacity-type", "operator", "In", "values", List.of("spot")))));
        return new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1").withKind("NodePool")
                .withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("spec", Map.of("template", template, "disruption",
                        Map.of("consolidationPolicy", "WhenEmptyOrUnderutilized", "consolidateAfter", "1m", "budgets", budgets)))
                .build();
    }

    public static GenericKubernetesResource nodePool(String name, String cpuLimit, String cpuUsed) {
        return new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1").withKind("NodePool")
                .withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("spec", Map.of("limits", Map.of("cpu", cpuLimit)))
                .addToAdditionalProperties("status", Map.of("resources", Map.of("cpu", cpuUsed)))
                .build();
    }

    /** A node with {@code pods} workload pods of 500m/512Mi each, plus a DaemonSet pod that must not count. */
    public static void nodeWithPods(KubernetesClient k, String node, String instanceId, String zone, int pods) {
        k.nodes().resource(node(node, instanceId, zone)).create();
        for (int i = 0; i < pods; i++) k.pods().resource(pod("shop", node + "-web-" + i, node, "500m", "512Mi")).create();
        k.pods().resource(daemonSetPod(node + "-aws-node", node, "25m", "64Mi")).create();
    }
}
