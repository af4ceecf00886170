package dev.nodeless.kube.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.buffer.PodView;
import dev.nodeless.buffer.Quantity;
import dev.nodeless.buffer.Resources;
import dev.nodeless.spec.NodePools;
import dev.nodeless.spec.ResourceNames;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A Kubernetes Pod (its JSON, as the API server sends it) to the sizing view. */
final class PodViews {

    private PodViews() {}

    static PodView of(JsonNode p) {
        JsonNode meta = p.path("metadata");
        JsonNode spec = p.path("spec");
        boolean daemonSet = false;
        for (JsonNode o : meta.path("ownerReferences")) daemonSet |= "DaemonSet".equals(o.path("kind").asText());
        boolean mirror = meta.path("annotations").has("kubernetes.io/config.mirror");
        String bufferLabel = text(meta.path("labels"), ResourceNames.BUFFER_POD_LABEL);
        // the top-level buffer's pods say "true", a NodePool buffer's "pool.<name>"
        boolean buffer = ResourceNames.BUFFER_POD_LABEL_VALUE.equals(bufferLabel)
                || (bufferLabel != null && bufferLabel.startsWith(NodePools.POOL_POD_LABEL_PREFIX))
                || ResourceNames.BUFFER_PRIORITY_CLASS.equals(text(spec, "priorityClassName"));
        Resources requests = Resources.ZERO;
        try {
            for (JsonNode c : spec.path("containers")) requests = requests.plus(requestsOf(c.path("resources").path("requests")));
        } catch (IllegalArgumentException bad) { // a negative or overflowing request: never a wrapped demand
            throw new IllegalArgumentException("pod " + text(meta, "namespace") + "/" + text(meta, "name") + ": " + bad.getMessage(), bad);
        }
        return new PodView(text(meta, "namespace"), text(meta, "name"), text(spec, "nodeName"),
                text(p.path("status"), "phase"), daemonSet, mirror, buffer, requests);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Requests that are neither cpu nor memory yet not extended resources either: Kubernetes' own, never a device. */
    private static final Set<String> NOT_EXTENDED = Set.of("ephemeral-storage", "pods", "storage");

    private static Resources requestsOf(JsonNode r) {
        if (!r.isObject()) return Resources.ZERO;
        Map<String, Long> extended = new TreeMap<>();
        r.fields().forEachRemaining(e -> {
            String name = e.getKey();
            // extended resources (nvidia.com/gpu, aws.amazon.com/neuron) are whole counts; hugepages-* are memory pages
            if (!name.equals("cpu") && !name.equals("memory") && !NOT_EXTENDED.contains(name) && !name.startsWith("hugepages-")) {
                extended.put(name, Quantity.bytes(e.getValue().asText()));
            }
        });
        return new Resources(r.has("cpu") ? Quantity.milliCpu(r.get("cpu").asText()) : 0,
                r.has("memory") ? Quantity.bytes(r.get("memory").asText()) : 0, extended);
    }
}
