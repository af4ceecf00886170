package dev.nodeless.sim;

/**
 * One Deployment of the workload: its replicas' readiness and what protects them from eviction. Mutable; owned by one
 * {@link Simulation}.
 */
final class Workload {
    final int id;
    /** a PodDisruptionBudget with this {@code maxUnavailable}; 0: no budget */
    final int maxUnavailable;
    /** its pods carry {@code karpenter.sh/do-not-disrupt: "true"} */
    final boolean doNotDisrupt;
    /** replicas not Ready (evicted and Pending, or starting) */
    int notReady;

    Workload(int id, int maxUnavailable, boolean doNotDisrupt) {
        this.id = id;
        this.maxUnavailable = maxUnavailable;
        this.doNotDisrupt = doNotDisrupt;
    }

    /**
     * Whether the eviction API admits evicting one more Ready replica now: a PodDisruptionBudget allows it while fewer
     * than {@code maxUnavailable} replicas are not Ready (its {@code disruptionsAllowed} is above zero).
     */
    boolean mayEvict() {
        return maxUnavailable == 0 || notReady < maxUnavailable;
    }
}
