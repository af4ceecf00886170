package dev.nodeless.buffer;

import java.util.List;

/**
 * The audit record of one maintain-buffer step for one cluster: what the execution history shows.
 *
 * @param action  grow, shrink, none (also for ledger-only updates) or ignored
 * @param atRisk  nodes in the ledger after the change
 * @param written whether the buffer object was (or, for a dry run, would be) written: replicas or ledger changed
 */
public record BufferChange(String cluster, String trigger, String node, String action, int replicasBefore, int replicasAfter,
                           String reason, List<String> atRisk, boolean written) {
    public BufferChange {
        atRisk = List.copyOf(atRisk);
    }

    public BufferChange withReason(String why) {
        return new BufferChange(cluster, trigger, node, action, replicasBefore, replicasAfter, why, atRisk, written);
    }
}
