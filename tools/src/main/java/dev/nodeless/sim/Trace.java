package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

import java.util.List;

/**
 * Everything that happens to the cluster regardless of buffer strategy: the nodes at time zero and the
 * disruptions. Every strategy runs on the same trace. Disruptions name a capacity pool and a pick in [0, 1);
 * the node hit is the pick-th of that pool's nodes at the time, so the trace does not depend on node ids.
 */
public record Trace(List<InitialNode> nodes, List<Interruption> interruptions, List<RebalanceOnly> falseAlarms) {

    /** A node running at time zero; {@code createdAt} is at or before zero (millis). */
    public record InitialNode(String instanceType, String zone, long createdAt, List<Resources> pods) {}

    /**
     * A spot interruption warning at {@code warnAt} (millis) for a node of {@code pool}.
     *
     * @param rebalanceLeadMillis how long before the warning a rebalance recommendation arrives; negative: none
     * @param cause               {@code background} or {@code storm}
     */
    public record Interruption(long warnAt, String pool, double pick, long rebalanceLeadMillis, String cause) {
        public boolean preceded() {
            return rebalanceLeadMillis >= 0;
        }

        /** When the first signal for this interruption arrives. */
        public long firstSignalAt() {
            return preceded() ? Math.max(0, warnAt - rebalanceLeadMillis) : warnAt;
        }
    }

    /** A rebalance recommendation that no interruption follows. */
    public record RebalanceOnly(long at, String pool, double pick) {}

    public long count(String cause) {
        return interruptions.stream().filter(i -> i.cause().equals(cause)).count();
    }

    public long rebalanceRecommendations() {
        return interruptions.stream().filter(Interruption::preceded).count() + falseAlarms.size();
    }
}
