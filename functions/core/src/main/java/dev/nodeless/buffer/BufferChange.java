package dev.nodeless.buffer;

import java.util.List;

/**
 * The audit record of one maintain-buffer step for one cluster: what the execution history shows.
 *
 * @param action  grow, shrink, none (also for ledger-only updates) or ignored
 * @param atRisk  nodes in the ledger after the change
 * @param written whether the buffer object was (or, for a dry run, would be) written: replicas or ledger changed
 * @param buffer  the NodePool buffer object this change is about ({@code pause-pods-gpu}); null for the top-level buffer
 */
public record BufferChange(String cluster, String trigger, String node, String action, int replicasBefore, int replicasAfter,
                           String reason, List<String> atRisk, boolean written, String buffer) {
    public BufferChange {
        atRisk = List.copyOf(atRisk);
    }

    /** The top-level buffer's change (the form before NodePool buffers existed). */
    public BufferChange(String cluster, String trigger, String node, String action, int replicasBefore, int replicasAfter,
                        String reason, List<String> atRisk, boolean written) {
        this(cluster, trigger, node, action, replicasBefore, replicasAfter, reason, atRisk, written, null);
    }

    public BufferChange withReason(String why) {
        return new BufferChange(cluster, trigger, node, action, replicasBefore, replicasAfter, why, atRisk, written, buffer);
    }

    public BufferChange withBuffer(String name) {
        return new BufferChange(cluster, trigger, node, action, replicasBefore, replicasAfter, reason, atRisk, written, name);
    }
}
