package dev.nodeless.sim;

/**
 * How Karpenter and the scheduler react.
 *
 * @param nodeReadyMedianSeconds  launch decision to node Ready, median (log-normal)
 * @param nodeReadyP90Seconds     the same, 90th percentile
 * @param batchIdleSeconds        Karpenter BATCH_IDLE_DURATION (default 1 s)
 * @param batchMaxSeconds         Karpenter BATCH_MAX_DURATION (default 10 s)
 * @param consolidateAfterSeconds NodePool {@code disruption.consolidateAfter}: a node is a consolidation candidate this
 *                                long after the last pod bound to or left it
 * @param terminationGraceSeconds a drained pod stays Terminating on its node this long (pod terminationGracePeriod)
 * @param hotPoolMinutes          new nodes avoid a pool that had a warning this recently (price-capacity-optimized)
 * @param preemptionSeconds       a preempted pause pod frees its room after this long (scheduler cycle + SIGTERM)
 * @param consolidationPolicy     NodePool {@code disruption.consolidationPolicy}: {@code WhenEmptyOrUnderutilized} (what
 *                                Nodeless renders) or {@code WhenEmpty}
 * @param budgetNodesPercent      NodePool disruption budget {@code nodes}, in percent (Karpenter's default budget: 10%)
 * @param nodeTerminationGraceSeconds NodeClaim {@code terminationGracePeriod}: after this long a drain deletes the pods
 *                                that PodDisruptionBudgets or do-not-disrupt still hold; null: none (Nodeless's NodePool
 *                                sets none, so a drain waits for the budgets)
 * @param startConsolidated       the cluster at time zero is as consolidation left it: before the clock starts, the pods
 *                                of every node that fits elsewhere are moved and the node dropped, uncounted (default true)
 */
public record KarpenterParams(Double nodeReadyMedianSeconds, Double nodeReadyP90Seconds, Double batchIdleSeconds,
                              Double batchMaxSeconds, Double consolidateAfterSeconds, Double terminationGraceSeconds,
                              Double hotPoolMinutes, Double preemptionSeconds, String consolidationPolicy,
                              Double budgetNodesPercent, Double nodeTerminationGraceSeconds, Boolean startConsolidated) {
    static final String WHEN_EMPTY = "WhenEmpty";
    static final String WHEN_EMPTY_OR_UNDERUTILIZED = "WhenEmptyOrUnderutilized";

    public KarpenterParams {
        if (nodeReadyMedianSeconds == null) nodeReadyMedianSeconds = 60.0;
        if (nodeReadyP90Seconds == null) nodeReadyP90Seconds = 90.0;
        if (batchIdleSeconds == null) batchIdleSeconds = 1.0;
        if (batchMaxSeconds == null) batchMaxSeconds = 10.0;
        if (consolidateAfterSeconds == null) consolidateAfterSeconds = 60.0;
        if (terminationGraceSeconds == null) terminationGraceSeconds = 30.0;
        if (hotPoolMinutes == null) hotPoolMinutes = 15.0;
        if (preemptionSeconds == null) preemptionSeconds = 2.0;
        if (consolidationPolicy == null) consolidationPolicy = WHEN_EMPTY_OR_UNDERUTILIZED;
        if (budgetNodesPercent == null) budgetNodesPercent = 10.0;
        if (startConsolidated == null) startConsolidated = true;
        if (!consolidationPolicy.equals(WHEN_EMPTY) && !consolidationPolicy.equals(WHEN_EMPTY_OR_UNDERUTILIZED)) {
            throw new IllegalArgumentException("karpenter.consolidationPolicy must be " + WHEN_EMPTY + " or "
                    + WHEN_EMPTY_OR_UNDERUTILIZED + ", got " + consolidationPolicy);
        }
        if (!(budgetNodesPercent >= 0 && budgetNodesPercent <= 100)) {
            throw new IllegalArgumentException("karpenter.budgetNodesPercent must be in [0, 100], got " + budgetNodesPercent);
        }
        if (nodeTerminationGraceSeconds != null && nodeTerminationGraceSeconds < 0) {
            throw new IllegalArgumentException("karpenter.nodeTerminationGraceSeconds must be >= 0");
        }
        if (!(nodeReadyMedianSeconds > 0) || nodeReadyP90Seconds < nodeReadyMedianSeconds) {
            throw new IllegalArgumentException("need 0 < nodeReadyMedianSeconds <= nodeReadyP90Seconds");
        }
    }

    static KarpenterParams defaults() {
        return new KarpenterParams(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    boolean consolidatesUnderutilized() {
        return consolidationPolicy.equals(WHEN_EMPTY_OR_UNDERUTILIZED);
    }

    /** A disruption budget's {@code nodes} as the NodePool CRD spells a percentage ("10%"). */
    static String budgetNodes(double percent) {
        return (percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent)) + "%";
    }

    static long ms(double seconds) {
        return Math.round(seconds * 1000);
    }
}
