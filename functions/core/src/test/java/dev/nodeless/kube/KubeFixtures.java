package dev.nodeless.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionConditionBuilder;
import java.util.List;
import java.util.Map;

/**
 * Small real-shaped Kubernetes objects for the kube tests. Karpenter's own CRDs live in
 * {@code ../shared/reference}; these minimal ones let the tests run without it (group, kind, plural, scope
 * and versions as in Karpenter v1.14.1; no schema).
 */
final class KubeFixtures {

    private KubeFixtures() {}

    static CustomResourceDefinition nodePoolCrd() { return crd("karpenter.sh", "NodePool", "nodepools", "Cluster"); }

    static CustomResourceDefinition ec2NodeClassCrd() { return crd("karpenter.k8s.aws", "EC2NodeClass", "ec2nodeclasses", "Cluster"); }

    static CustomResourceDefinition nodeClaimCrd() { return crd("karpenter.sh", "NodeClaim", "nodeclaims", "Cluster"); }

    /** A namespaced CRD, to check the namespaced path of custom resources. */
    static CustomResourceDefinition capacityBufferCrd() {
        return crd("autoscaling.x-k8s.io", "CapacityBuffer", "capacitybuffers", "Namespaced", "v1beta1");
    }

    static CustomResourceDefinition crd(String group, String kind, String plural, String scope) {
        return crd(group, kind, plural, scope, "v1");
    }

    static CustomResourceDefinition crd(String group, String kind, String plural, String scope, String version) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope(scope)
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).withListKind(kind + "List").endNames()
                .addNewVersion().withName(version).withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                .endVersion()
                .endSpec().build();
    }

    static CustomResourceDefinitionCondition establishedCondition() {
        return new CustomResourceDefinitionConditionBuilder().withType("Established").withStatus("True").withReason("InitialNamesAccepted").build();
    }

    static GenericKubernetesResource nodePool(String name, boolean ready) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("karpenter.sh/v1").withKind("NodePool")
                .withNewMetadata().withName(name).endMetadata()
                .withAdditionalProperties(Map.of(
                        "spec", Map.of("template", Map.of("spec", Map.of(
                                "nodeClassRef", Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", "default"),
                                "expireAfter", "720h",
                                "requirements", List.of(Map.of("key", "karpenter.sh/capacity-type", "operator", "In", "values", List.of("spot", "on-demand")))))),
                        "status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", ready ? "True" : "False",
                                "reason", ready ? "Ready" : "NodeClassNotReady", "lastTransitionTime", "2026-03-01T12:00:00Z")))))
                .build();
    }

    static GenericKubernetesResource ec2NodeClass(String name) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("karpenter.k8s.aws/v1").withKind("EC2NodeClass")
                .withNewMetadata().withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of(
                        "role", "nodeless-demo-node",
                        "amiSelectorTerms", List.of(Map.of("alias", "al2023@latest")),
                        "subnetSelectorTerms", List.of(Map.of("tags", Map.of("karpenter.sh/discovery", "demo"))),
                        "securityGroupSelectorTerms", List.of(Map.of("tags", Map.of("karpenter.sh/discovery", "demo"))))))
                .build();
    }

    static GenericKubernetesResource nodeClaim(String name, String nodePool) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("karpenter.sh/v1").withKind("NodeClaim")
                .withNewMetadata().withName(name).withLabels(Map.of("karpenter.sh/nodepool", nodePool)).endMetadata()
                .build();
    }

    /** A Fargate node as EKS registers it: one per pod, labelled with the compute type. */
    static Node fargateNode(String name) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("eks.amazonaws.com/compute-type", "fargate", "topology.kubernetes.io/zone", "eu-west-1a"))
                .endMetadata()
                .withNewSpec().withProviderID("aws:///eu-west-1a/" + name).endSpec()
                .build();
    }

    /** An EC2 node launched by Karpenter. */
    static Node karpenterNode(String name, String nodePool) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("karpenter.sh/nodepool", nodePool, "karpenter.sh/capacity-type", "spot"))
                .endMetadata()
                .withNewSpec().withProviderID("aws:///eu-west-1a/i-0abc" + Math.abs(name.hashCode())).endSpec()
                .build();
    }

    static Pod pod(String namespace, String name, Map<String, String> labels, String nodeName, String phase, boolean ready) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName("main").withImage("example").endContainer().endSpec()
                .withNewStatus().withPhase(phase)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }

    static Service loadBalancerService(String namespace, String name, Map<String, String> labels, String hostname) {
        var b = new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withType("LoadBalancer").addNewPort().withPort(80).endPort().endSpec();
        if (hostname != null) b.withNewStatus().withNewLoadBalancer().addNewIngress().withHostname(hostname).endIngress().endLoadBalancer().endStatus();
        return b.build();
    }
}
