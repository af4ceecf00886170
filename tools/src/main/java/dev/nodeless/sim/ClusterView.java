package dev.nodeless.sim;

import dev.nodeless.buffer.PodView;

import java.time.Instant;
import java.util.List;

/** What a buffer strategy may read of the simulated cluster (what its controller could list from the API). */
interface ClusterView {
    long now();

    Instant instant(long millis);

    /** Nodes that exist (including cordoned ones still draining), in id order. */
    List<Node> liveNodes();

    /** The pods on a node as the Kubernetes API lists them, including drained pods still Terminating. */
    List<PodView> podViews(Node node);

    /** The NodePool's disruption budgets (what the maintenance reconcile reads for its drift forecast). */
    default List<dev.nodeless.buffer.DriftForecast.Budget> disruptionBudgets() {
        return dev.nodeless.buffer.DriftForecast.CRD_DEFAULT;
    }

    /**
     * Changes whenever a node or a pod does (as a list's resourceVersion would): the same value, the same cluster. -1
     * when unknown.
     */
    default long version() {
        return -1;
    }

    /** The buffer's current replicas. */
    int replicas();
}
