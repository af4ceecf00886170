package dev.nodeless.sim;

/**
 * Parameters of the compared buffer strategies; changing one moves only that strategy's row.
 */
public record StrategyParams(Fixed staticBuffer, Proportional proportional, Fixed capacityBuffer, Nodeless nodeless) {
    public StrategyParams {
        if (staticBuffer == null) staticBuffer = new Fixed(2, "1", "0"); // the runbook: 2 pause pods x 1 CPU
        if (proportional == null) proportional = new Proportional(null, null, null, null, null, null, null);
        if (capacityBuffer == null) capacityBuffer = new Fixed(8, "1", "2Gi");
        if (nodeless == null) nodeless = new Nodeless(null, null, null, null, null, null, null);
    }

    /** A fixed number of buffer pods of one size. */
    public record Fixed(int replicas, String cpu, String memory) {
        public Fixed {
            if (replicas < 0) throw new IllegalArgumentException("buffer replicas must be >= 0");
        }
    }

    /**
     * cluster-proportional-autoscaler, linear mode:
     * {@code replicas = max(ceil(cores / coresPerReplica), ceil(nodes / nodesPerReplica))}, clamped to [min, max].
     */
    public record Proportional(Double coresPerReplica, Double nodesPerReplica, Integer min, Integer max,
                               String cpu, String memory, Double pollSeconds) {
        public Proportional {
            if (coresPerReplica == null) coresPerReplica = 64.0;
            if (nodesPerReplica == null) nodesPerReplica = 10.0;
            if (min == null) min = 1;
            if (max == null) max = 200;
            if (cpu == null) cpu = "1";
            if (memory == null) memory = "2Gi";
            if (pollSeconds == null) pollSeconds = 10.0; // CPA --poll-period-seconds default
        }
    }

    private static double minutes(String duration) {
        return dev.nodeless.spec.Durations.require(duration).toMillis() / 60_000.0;
    }

    /**
     * The production policy ({@link dev.nodeless.buffer.BufferPolicy}), as the cluster spec's buffer section sets it.
     *
     * @param backend the cluster spec's {@code buffer.backend}: {@code pause-pods} (a Deployment at priority -1, taken
     *                by preemption) or {@code capacity-buffer} (Karpenter's CapacityBuffer, virtual pods a real pod
     *                takes without preemption)
     */
    public record Nodeless(Integer baseline, Integer maxReplicas, String cpu, String memory, Double cooldownMinutes,
                           Double lookaheadMinutes, String backend) {
        public Nodeless {
            if (backend == null) backend = dev.nodeless.spec.ClusterSpec.Buffer.PAUSE_PODS;
            if (!backend.equals(dev.nodeless.spec.ClusterSpec.Buffer.PAUSE_PODS)
                    && !backend.equals(dev.nodeless.spec.ClusterSpec.Buffer.CAPACITY_BUFFER)) {
                throw new IllegalArgumentException("strategies.nodeless.backend must be "
                        + dev.nodeless.spec.ClusterSpec.Buffer.PAUSE_PODS + " or "
                        + dev.nodeless.spec.ClusterSpec.Buffer.CAPACITY_BUFFER + ", got " + backend);
            }
            if (baseline == null) baseline = 2;
            if (maxReplicas == null) maxReplicas = 500;
            if (cpu == null) cpu = "1";
            if (memory == null) memory = "2Gi";
            // the cluster spec's defaults (SpecDefaults), so the row shows what a default cluster does
            if (cooldownMinutes == null) cooldownMinutes = minutes(dev.nodeless.spec.SpecDefaults.COOLDOWN);
            if (lookaheadMinutes == null) lookaheadMinutes = minutes(dev.nodeless.spec.SpecDefaults.LOOKAHEAD);
        }
    }
}
