package dev.nodeless.kube.manifests;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
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
     * The buffer object the maintenance loop resizes. Its replicas start at the baseline and are marked create-only:
     * the Kubernetes phase sets them when it creates the object and leaves them out of every server-side apply,
     * so a bootstrap re-run keeps the size the maintenance loop chose (see {@link #CREATE_ONLY}).
     */
    static List<HasMetadata> buffer(ClusterSpec spec) {
        ClusterSpec.Buffer b = spec.buffer();
        Map<String, String> labels = podLabels();
        if (ClusterSpec.Buffer.CAPACITY_BUFFER.equals(b.backend())) {
            var template = new PodTemplateBuilder()
                    .withNewMetadata().withName(ResourceNames.BUFFER_NAME).withNamespace(ResourceNames.BUFFER_NAMESPACE).withLabels(labels).endMetadata()
                    .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(podSpec(b)).endTemplate()
                    .build();
            Map<String, Object> bufferSpec = new LinkedHashMap<>();
            bufferSpec.put("podTemplateRef", Labels.ordered("name", ResourceNames.BUFFER_NAME));
            bufferSpec.put("replicas", b.baselineReplicas());
            GenericKubernetesResource capacityBuffer = new GenericKubernetesResourceBuilder()
                    .withApiVersion(CAPACITY_BUFFER_API).withKind("CapacityBuffer")
                    .withNewMetadata().withName(ResourceNames.BUFFER_NAME).withNamespace(ResourceNames.BUFFER_NAMESPACE)
                    .withLabels(Labels.of(ResourceNames.BUFFER_NAME)).withAnnotations(CREATE_ONLY).endMetadata()
                    .addToAdditionalProperties("spec", bufferSpec)
                    .build();
            return List.of(template, capacityBuffer);
        }
        var deployment = new DeploymentBuilder()
                .withNewMetadata().withName(ResourceNames.BUFFER_NAME).withNamespace(ResourceNames.BUFFER_NAMESPACE)
                .withLabels(Labels.of(ResourceNames.BUFFER_NAME)).withAnnotations(CREATE_ONLY).endMetadata()
                .withNewSpec()
                .withReplicas(b.baselineReplicas())
                .withNewSelector().withMatchLabels(Map.of(ResourceNames.BUFFER_POD_LABEL, ResourceNames.BUFFER_POD_LABEL_VALUE)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(new PodSpecBuilder(podSpec(b)).withPriorityClassName(ResourceNames.BUFFER_PRIORITY_CLASS).build())
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

    private static PodSpec podSpec(ClusterSpec.Buffer b) {
        return new PodSpecBuilder()
                .withTerminationGracePeriodSeconds(0L)
                // Pod Security "restricted" (enforced on the buffer namespace): non-root, RuntimeDefault seccomp.
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65535L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                // NotIn also matches nodes without the label: only nodes the maintenance loop marked are avoided.
                .addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey(ResourceNames.AT_RISK_LABEL).withOperator("NotIn").withValues("true")
                .endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                // ScheduleAnyway: a zone short of spot capacity must not leave the buffer's room unheld elsewhere.
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey(ZONE).withWhenUnsatisfiable("ScheduleAnyway")
                .withNewLabelSelector().withMatchLabels(Map.of(ResourceNames.BUFFER_POD_LABEL, ResourceNames.BUFFER_POD_LABEL_VALUE)).endLabelSelector()
                .endTopologySpreadConstraint()
                .addNewContainer().withName("pause").withImage(PAUSE_IMAGE)
                .withNewResources()
                .addToRequests("cpu", new Quantity(b.pod().cpu()))
                .addToRequests("memory", new Quantity(b.pod().memory()))
                .addToLimits("memory", new Quantity(b.pod().memory()))
                .endResources()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withRunAsNonRoot(true).withRunAsUser(65535L)
                .withReadOnlyRootFilesystem(true).withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .endContainer()
                .build();
    }
}
