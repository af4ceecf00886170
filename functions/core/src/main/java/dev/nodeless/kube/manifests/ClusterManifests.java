package dev.nodeless.kube.manifests;

import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.chart.ChartRelease;
import dev.nodeless.chart.ChartReleases;
import dev.nodeless.chart.ChartRenderer;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.NodePools;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every Kubernetes object the bootstrap applies, in apply order (ARCHITECTURE §3 step 9):
 * <ol>
 *   <li>CustomResourceDefinitions of all charts (so the custom objects below can be applied),</li>
 *   <li>namespaces the charts and objects need (kube-system and default already exist),</li>
 *   <li>the charts' other objects: Karpenter, then the load balancer controller, then ExternalDNS,</li>
 *   <li>EC2NodeClass and the NodePools, PriorityClasses, the buffers (the top-level one, then one per NodePool that has
 *       its own), kube-ops-view, and the optional inflate demo.</li>
 * </ol>
 * Teardown is the reverse. Waiting for CRDs to be established or webhooks to be ready is the applier's job.
 */
public final class ClusterManifests {

    private ClusterManifests() {}

    /** The buffer object(s) as the bootstrap creates them at baseline; the offline replay seeds snapshots with them. */
    public static List<HasMetadata> buffer(ClusterSpec spec) {
        return BufferObjects.buffer(spec);
    }

    /**
     * What adopt-cluster installs in a cluster Nodeless did not create, in apply order, and nothing else: the buffer
     * namespace, the buffer's PriorityClass (pause-pods backend only; the global default class is left to the cluster's
     * owner, since pods without a class already rank above the buffer's -1), the buffer object(s), and the maintenance
     * RBAC and scope policy the buffer resizing needs. The same objects as {@link #build} makes for them.
     */
    public static List<HasMetadata> adoption(ClusterSpec spec) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(new NamespaceBuilder().withNewMetadata().withName(ResourceNames.BUFFER_NAMESPACE)
                .withLabels(namespaceLabels(ResourceNames.BUFFER_NAMESPACE)).endMetadata().build());
        if (ClusterSpec.Buffer.PAUSE_PODS.equals(spec.buffer().backend())) {
            objects.addAll(BufferObjects.priorityClasses().stream()
                    .filter(p -> ResourceNames.BUFFER_PRIORITY_CLASS.equals(p.getMetadata().getName())).toList());
        }
        objects.addAll(BufferObjects.buffer(spec));
        objects.addAll(MaintenanceRbac.objects());
        objects.addAll(MaintenanceScopePolicy.objects());
        return objects;
    }

    public static List<HasMetadata> build(ClusterSpec spec, ClusterFacts facts, ChartRenderer charts) {
        List<HasMetadata> crds = new ArrayList<>();
        List<HasMetadata> chartObjects = new ArrayList<>();
        for (ChartRelease release : ChartReleases.of(spec, facts)) {
            for (HasMetadata o : charts.render(release)) {
                if (o instanceof CustomResourceDefinition || "CustomResourceDefinition".equals(o.getKind())) crds.add(o);
                else chartObjects.add(withNamespace(o, release.namespace()));
            }
        }
        List<HasMetadata> objects = new ArrayList<>(crds);
        objects.addAll(namespaces(spec));
        objects.addAll(chartObjects);
        objects.add(KarpenterObjects.nodeClass(spec, facts));
        objects.addAll(KarpenterObjects.nodePools(spec));
        objects.addAll(BufferObjects.priorityClasses());
        objects.addAll(BufferObjects.buffer(spec));
        objects.addAll(MaintenanceRbac.objects(NodePools.bufferNames(spec)));
        objects.addAll(ViewerRbac.objects());
        objects.addAll(MaintenanceScopePolicy.objects());
        if (spec.addons().kubeOpsView().enabled()) objects.addAll(KubeOpsViewObjects.objects(spec));
        if (spec.addons().inflate().enabled()) objects.add(BufferObjects.inflate(spec));
        return objects;
    }

    static List<Namespace> namespaces(ClusterSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        names.add(ResourceNames.KARPENTER_SA.namespace());
        names.add(ResourceNames.BUFFER_NAMESPACE);
        if (spec.addons().kubeOpsView().enabled()) names.add(ResourceNames.KUBE_OPS_VIEW_NAMESPACE);
        names.removeAll(Set.of("kube-system", "default"));
        return names.stream()
                .map(n -> new NamespaceBuilder().withNewMetadata().withName(n).withLabels(namespaceLabels(n)).endMetadata().build())
                .toList();
    }

    /**
     * The buffer namespace enforces Pod Security {@code restricted}: only the pause pods run there, and they comply,
     * so nothing that gains write access to it can start a privileged pod.
     */
    static Map<String, String> namespaceLabels(String namespace) {
        Map<String, String> labels = new java.util.LinkedHashMap<>(Labels.of(namespace));
        if (ResourceNames.BUFFER_NAMESPACE.equals(namespace)) {
            for (String mode : List.of("enforce", "audit", "warn")) {
                labels.put("pod-security.kubernetes.io/" + mode, "restricted");
                labels.put("pod-security.kubernetes.io/" + mode + "-version", "latest");
            }
        }
        return labels;
    }

    /**
     * {@code helm template} leaves metadata.namespace out of many templates (Helm fills it in at install time);
     * server-side apply needs it, so namespaced objects without one get the release's namespace.
     */
    private static HasMetadata withNamespace(HasMetadata o, String namespace) {
        if (o.getMetadata().getNamespace() == null && !ClusterScoped.is(o)) o.getMetadata().setNamespace(namespace);
        return o;
    }
}
