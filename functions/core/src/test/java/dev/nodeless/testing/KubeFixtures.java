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
