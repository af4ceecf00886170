package dev.nodeless.sim;

/**
 * How Karpenter and the scheduler react.
 *
 * @param nodeReadyMedianSeconds  launch decision to node Ready, median (log-normal)
 * @param nodeReadyP90Seconds     the same, 90th percentile
 * @param batchIdleSeconds        Karpenter BATCH_IDLE_DURATION (default 1 s)
 * @param batchMaxSeconds         Karpenter BATCH_MAX_DURATION (default 10 s)
 * @param consolidateAfterSeconds an empty node is removed after this long (NodePool disruption.consolidateAfter)
 * @param terminationGraceSeconds a drained pod stays Terminating on its node this long (pod terminationGracePeriod)
 * @param hotPoolMinutes          new nodes avoid a pool that had a warning this recently (price-capacity-optimized)
 * @param preemptionSeconds       a preempted pause pod frees its room after this long (scheduler cycle + SIGTERM)
 */
public record KarpenterParams(Double nodeReadyMedianSeconds, Double nodeReadyP90Seconds, Double batchIdleSeconds,
                              Double batchMaxSeconds, Double consolidateAfterSeconds, Double terminationGraceSeconds,
                              Double hotPoolMinutes, Double preemptionSeconds) {
    public KarpenterParams {
        if (nodeReadyMedianSeconds == null) nodeReadyMedianSeconds = 60.0;
        if (nodeReadyP90Seconds == null) nodeReadyP90Seconds = 90.0;
        if (batchIdleSeconds == null) batchIdleSeconds = 1.0;
        if (batchMaxSeconds == null) batchMaxSeconds = 10.0;
        if (consolidateAfterSeconds == null) consolidateAfterSeconds = 60.0;
        if (terminationGraceSeconds == null) terminationGraceSeconds = 30.0;
        if (hotPoolMinutes == null) hotPoolMinutes = 15.0;
        if (preemptionSeconds == null) preemptionSeconds = 2.0;
        if (!(nodeReadyMedianSeconds > 0) || nodeReadyP90Seconds < nodeReadyMedianSeconds) {
            throw new IllegalArgumentException("need 0 < nodeReadyMedianSeconds <= nodeReadyP90Seconds");
        }
    }

    static long ms(double seconds) {
        return Math.round(seconds * 1000);
    }
}
