package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

/**
 * cluster-proportional-autoscaler in linear mode scaling a pause-pod Deployment:
 * {@code max(ceil(cores / coresPerReplica), ceil(nodes / nodesPerReplica))} over schedulable nodes, clamped to
 * [min, max], re-evaluated every poll period.
 */
final class ProportionalBuffer implements Strategy {
    private final StrategyParams.Proportional p;
    private final Resources chunk;

    ProportionalBuffer(StrategyParams.Proportional p) {
        this.p = p;
        this.chunk = Resources.of(p.cpu(), p.memory());
    }

    @Override
    public String name() {
        return "proportional";
    }

    @Override
    public Resources chunk() {
        return chunk;
    }

    @Override
    public int start(ClusterView view) {
        return onPeriod(view);
    }

    @Override
    public long periodMillis() {
        return KarpenterParams.ms(p.pollSeconds());
    }

    /** the answer of the last count and the cluster's {@link ClusterView#version()} then (the CPA's poll reads a list) */
    private int counted;
    private long countedAt = -1;

    @Override
    public int onPeriod(ClusterView view) {
        if (view.version() >= 0 && view.version() == countedAt) return counted; // the same nodes: the same answer
        countedAt = view.version();
        counted = count(view);
        return counted;
    }

    private int count(ClusterView view) {
        long cores = 0;
        int nodes = 0;
        for (Node n : view.liveNodes()) {
            if (!n.schedulable()) continue;
            nodes++;
            cores += n.type.vcpu();
        }
        long byCores = (long) Math.ceil(cores / p.coresPerReplica());
        long byNodes = (long) Math.ceil(nodes / p.nodesPerReplica());
        return (int) Math.max(p.min(), Math.min(p.max(), Math.max(byCores, byNodes)));
    }
}
