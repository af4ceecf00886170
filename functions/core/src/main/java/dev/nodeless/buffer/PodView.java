package dev.nodeless.buffer;

/**
 * What sizing needs to know of a pod; adapters build it from the Kubernetes Pod.
 *
 * @param requests sum over the pod's containers of their requests
 */
public record PodView(String namespace, String name, String node, String phase,
                      boolean ownedByDaemonSet, boolean mirror, boolean bufferPod, Resources requests) {

    /** Pods that will be displaced and need room elsewhere: not DaemonSet, mirror, finished or buffer pods. */
    public boolean evictable() {
        return !ownedByDaemonSet && !mirror && !bufferPod && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** Demand of the evictable pods on one node. */
    public static Resources demandOn(String node, Iterable<PodView> pods) {
        Resources total = Resources.ZERO;
        for (PodView p : pods) {
            if (node.equals(p.node()) && p.evictable()) total = total.plus(p.requests());
        }
        return total;
    }
}
