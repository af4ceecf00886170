package dev.nodeless.buffer;

/** What the planner decided, with the ledger to store beside the new replica count. */
public record BufferDecision(Action action, int replicasBefore, int replicasAfter, String reason, Ledger ledger) {
    public enum Action { GROW, SHRINK, NONE }

    public boolean changesReplicas() {
        return replicasBefore != replicasAfter;
    }
}
