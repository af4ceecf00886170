package dev.nodeless.kube.buffer;

import dev.nodeless.buffer.PodView;
import dev.nodeless.buffer.Resources;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/** Kubernetes Pod to the sizing view. */
final class PodViews {

    private PodViews() {}

    static PodView of(Pod p) {
        Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
        Map<String, String> annotations = p.getMetadata().getAnnotations() == null ? Map.of() : p.getMetadata().getAnnotations();
        boolean daemonSet = p.getMetadata().getOwnerReferences() != null
                && p.getMetadata().getOwnerReferences().stream().anyMatch(o -> "DaemonSet".equals(o.getKind()));
        boolean mirror = annotations.containsKey("kubernetes.io/config.mirror");
        String bufferLabel = labels.get(ResourceNames.BUFFER_POD_LABEL);
        // the top-level buffer's pods say "true", a NodePool buffer's "pool.<name>"
        boolean buffer = ResourceNames.BUFFER_POD_LABEL_VALUE.equals(bufferLabel)
                || (bufferLabel != null && bufferLabel.startsWith(dev.nodeless.spec.NodePools.POOL_POD_LABEL_PREFIX))
                || ResourceNames.BUFFER_PRIORITY_CLASS.equals(p.getSpec().getPriorityClassName());
        Resources requests = Resources.ZERO;
        if (p.getSpec().getContainers() != null) {
            try {
                for (Container c : p.getSpec().getContainers()) requests = requests.plus(requestsOf(c));
            } catch (IllegalArgumentException bad) { // a negative or overflowing request: never a wrapped demand
                throw new IllegalArgumentException("pod " + p.getMetadata().getNamespace() + "/" + p.getMetadata().getName() + ": " + bad.getMessage(), bad);
            }
        }
        return new PodView(p.getMetadata().getNamespace(), p.getMetadata().getName(), p.getSpec().getNodeName(),
                p.getStatus() == null ? null : p.getStatus().getPhase(), daemonSet, mirror, buffer, requests);
    }

    /** Requests that are neither cpu nor memory yet not extended resources either: Kubernetes' own, never a device. */
    private static final java.util.Set<String> NOT_EXTENDED = java.util.Set.of("ephemeral-storage", "pods", "storage");

    private static Resources requestsOf(Container c) {
        if (c.getResources() == null || c.getResources().getRequests() == null) return Resources.ZERO;
        Map<String, io.fabric8.kubernetes.api.model.Quantity> r = c.getResources().getRequests();
        Map<String, Long> extended = new java.util.TreeMap<>();
        r.forEach((name, q) -> {
            // extended resources (nvidia.com/gpu, aws.amazon.com/neuron) are whole counts; hugepages-* are memory pages
            if (!name.equals("cpu") && !name.equals("memory") && !NOT_EXTENDED.contains(name) && !name.startsWith("hugepages-")) {
                extended.put(name, dev.nodeless.buffer.Quantity.bytes(q.toString()));
            }
        });
        return new Resources(
                r.containsKey("cpu") ? dev.nodeless.buffer.Quantity.milliCpu(r.get("cpu").toString()) : 0,
                r.containsKey("memory") ? dev.nodeless.buffer.Quantity.bytes(r.get("memory").toString()) : 0,
                extended);
    }
}
