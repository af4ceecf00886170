package dev.nodeless.kube.manifests;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.NodePools;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runbook's PriorityClasses and the overprovisioning buffer: a pause-pods Deployment at priority -1
 * (preempted by any real pod, which then lands at once while Karpenter replaces the room), or Karpenter's
 * CapacityBuffer whose virtual pods hold room without preemption. Either way the buffer pods stay off nodes
 * marked at risk and spread over zones, so the room is where displaced pods can go.
 */
final class BufferObjects {

    static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.10";
    static final String CAPACITY_BUFFER_API = "autoscaling.x-k8s.io/v1beta1";
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String NODE_POOL_LABEL = "karpenter.sh/nodepool";
    /**
     * Kept on the live object on purpose: {@code kubectl get -o yaml} then says why {@code spec.replicas} differs from
     * the plan and is not owned by the {@code nodeless} Apply manager, and the maintenance loop's PUT carries it along.
     */
    static final Map<String, String> CREATE_ONLY = Map.of(ResourceNames.CREATE_ONLY_FIELDS_ANNOTATION, "spec.replicas");

    private BufferObjects() {}

    static List<PriorityClass> priorityClasses() {
        return List.of(
                new PriorityClassBuilder().withNewMetadata().withName(ResourceNames.DEFAULT_PRIORITY_CLASS).withLabels(Labels.of("nodeless")).endMetadata()
                        .withValue(0).withGlobalDefault(true)
                        .withDescription("Default priority for pods without a priorityClassName; above the Nodeless buffer.").build(),
                new PriorityClassBuilder().withNewMetadata().withName(ResourceNames.BUFFER_PRIORITY_CLASS).withLabels(Labels.of("nodeless")).endMetadata()
                        .withValue(-1).withGlobalDefault(false).withPreemptionPolicy("Never")
                        .withDescription("Nodeless overprovisioning buffer: preempted by every other pod.").build());
    }

    /**
     * The buffer objects the maintenance loop resizes: the top-level one, then one per NodePool that has its own
     * ({@link NodePools#buffered}). Their replicas start at the baseline and are marked create-only: the Kubernetes
     * phase sets them when it creates the object and leaves them out of every server-side apply, so a bootstrap re-run
     * keeps the size the maintenance loop chose (see {@link #CREATE_ONLY}).
     */
    static List<HasMetadata> buffer(ClusterSpec spec) {
        List<String> ownPools = NodePools.buffered(spec).stream().map(ClusterSpec.NodePool::name).toList();
        List<HasMetadata> objects = new ArrayList<>(buffer(ResourceNames.BUFFER_NAME, spec.buffer(), podLabels(),
                podSpec(spec.buffer(), ResourceNames.BUFFER_POD_LABEL_VALUE, ownPools, null)));
        for (ClusterSpec.NodePool p : NodePools.buffered(spec)) {
            String name = NodePools.bufferName(p.name());
            String value = NodePools.POOL_POD_LABEL_PREFIX + p.name();
            Map<String, String> labels = Labels.of(name);
            labels.put(ResourceNames.BUFFER_POD_LABEL, value);
            objects.addAll(buffer(name, p.buffer(), labels, podSpec(p.buffer(), value, List.of(), p)));
        }
        return objects;
    }

    /** One buffer object (and, for a CapacityBuffer, its PodTemplate) named {@code name}. */
    private static List<HasMetadata> buffer(String name, ClusterSpec.Buffer b, Map<String, String> labels, PodSpec pod) {
        String selectorValue = labels.get(ResourceNames.BUFFER_POD_LABEL);
        if (ClusterSpec.Buffer.CAPACITY_BUFFER.equals(b.backend())) {
            var template = new PodTemplateBuilder()
                    .withNewMetadata().withName(name).withNamespace(ResourceNames.BUFFER_NAMESPACE).withLabels(labels).endMetadata()
                    .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(pod).endTemplate()
                    .build();
            Map<String, Object> bufferSpec = new LinkedHashMap<>();
            bufferSpec.put("podTemplateRef", Labels.ordered("name", name));
            bufferSpec.put("replicas", b.baselineReplicas());
            GenericKubernetesResource capacityBuffer = new GenericKubernetesResourceBuilder()
                    .withApiVersion(CAPACITY_BUFFER_API).withKind("CapacityBuffer")
                    .withNewMetadata().withName(name).withNamespace(ResourceNames.BUFFER_NAMESPACE)
                    .withLabels(Labels.of(name)).withAnnotations(CREATE_ONLY).endMetadata()
                    .addToAdditionalProperties("spec", bufferSpec)
                    .build();
            return List.of(template, capacityBuffer);
        }
        var deployment = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(ResourceNames.BUFFER_NAMESPACE)
                .withLabels(Labels.of(name)).withAnnotations(CREATE_ONLY).endMetadata()
                .withNewSpec()
                .withReplicas(b.baselineReplicas())
                // selectors never overlap: the top-level buffer's pods carry "true", a pool's "pool.<name>"
                .withNewSelector().withMatchLabels(Map.of(ResourceNames.BUFFER_POD_LABEL, selectorValue)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(new PodSpecBuilder(pod).withPriorityClassName(ResourceNames.BUFFER_PRIORITY_CLASS).build())
                .endTemplate()
                .endSpec()
                .build();
        return List.of(deployment);
    }

    /** The runbook's demo workload: pause pods at default priority, scaled by hand to watch Karpenter react. */
    static HasMetadata inflate(ClusterSpec spec) {
        ClusterSpec.Addons.Inflate inflate = spec.addons().inflate();
        Map<String, String> labels = Labels.of(ResourceNames.INFLATE_NAME);
        return new DeploymentBuilder()
                .withNewMetadata().withName(ResourceNames.INFLATE_NAME).withNamespace("default").withLabels(labels).endMetadata()
                .withNewSpec()
                .withReplicas(inflate.replicas())
                .withNewSelector().withMatchLabels(Map.of(Labels.NAME, ResourceNames.INFLATE_NAME)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(0L)
                .addNewContainer().withName("inflate").withImage(PAUSE_IMAGE)
                .withNewResources().addToRequests("cpu", new Quantity(inflate.cpu())).endResources()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withRunAsNonRoot(true).withRunAsUser(65535L).endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static Map<String, String> podLabels() {
        Map<String, String> labels = Labels.of(ResourceNames.BUFFER_NAME);
        labels.put(ResourceNames.BUFFER_POD_LABEL, ResourceNames.BUFFER_POD_LABEL_VALUE);
        return labels;
    }

    /**
     * @param selectorValue the buffer pods' {@link ResourceNames#BUFFER_POD_LABEL} value (zone spread among them alone)
     * @param ownPools      for the top-level buffer: the pools with a buffer of their own, which its pods stay off
     * @param pool          for a pool's buffer: the pool its pods are pinned to (node selector) and whose taints they tolerate
     */
    private static PodSpec podSpec(ClusterSpec.Buffer b, String selectorValue, List<String> ownPools, ClusterSpec.NodePool pool) {
        var term = new NodeSelectorTermBuilder().addNewMatchExpression()
                // NotIn also matches nodes without the label: only nodes the maintenance loop marked are avoided.
                .withKey(ResourceNames.AT_RISK_LABEL).withOperator("NotIn").withValues("true")
                .endMatchExpression();
        if (!ownPools.isEmpty()) {
            // room for the pools without a buffer of their own; each other pool's buffer holds its own
            term.addNewMatchExpression().withKey(NODE_POOL_LABEL).withOperator("NotIn").withValues(ownPools).endMatchExpression();
        }
        PodSpecBuilder spec = new PodSpecBuilder()
                .withTerminationGracePeriodSeconds(0L)
                // Pod Security "restricted" (enforced on the buffer namespace): non-root, RuntimeDefault seccomp.
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65535L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext();
        if (pool != null) {
            spec.withNodeSelector(Map.of(NODE_POOL_LABEL, pool.name()));
            // the pool's taints, so the room is held on the pool's own nodes (startup taints do not keep pods off)
            for (ClusterSpec.Taint t : pool.taints()) {
                spec.addNewToleration().withKey(t.key()).withOperator(t.value() == null ? "Exists" : "Equal").withValue(t.value())
                        .withEffect(t.effect()).endToleration();
            }
        }
        var resources = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(b.pod().cpu()))
                .addToRequests("memory", new Quantity(b.pod().memory()))
                .addToLimits("memory", new Quantity(b.pod().memory()));
        if (b.pod().extended() != null) {
            // extended resources are never overcommitted: Kubernetes requires their limit to equal the request
            new java.util.TreeMap<>(b.pod().extended()).forEach((k, v) -> resources.addToRequests(k, new Quantity(v)).addToLimits(k, new Quantity(v)));
        }
        return spec
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addToNodeSelectorTerms(term.build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                // ScheduleAnyway: a zone short of spot capacity must not leave the buffer's room unheld elsewhere.
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey(ZONE).withWhenUnsatisfiable("ScheduleAnyway")
                .withNewLabelSelector().withMatchLabels(Map.of(ResourceNames.BUFFER_POD_LABEL, selectorValue)).endLabelSelector()
                .endTopologySpreadConstraint()
                .addNewContainer().withName("pause").withImage(PAUSE_IMAGE)
                .withResources(resources.build())
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withRunAsNonRoot(true).withRunAsUser(65535L)
                .withReadOnlyRootFilesystem(true).withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .endContainer()
                .build();
    }
}
