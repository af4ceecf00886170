package dev.nodeless.buffer;

import java.time.Instant;
import java.util.Set;

/**
 * One node expected to be displaced.
 *
 * @param kind     what put it at risk (event kind name, e.g. {@code spot-interruption}, {@code expiry})
 * @param markedAt when it was first marked
 * @param deadline when displacement is expected (warning time + 2 min, expiry time, retirement start)
 * @param demand   requests of its evictable pods when last measured
 */
public record AtRisk(String node, String instanceId, String kind, Instant markedAt, Instant deadline, Resources demand) {

    /**
     * Kinds whose message Karpenter's own interruption controller acts on when it arrives: it deletes the NodeClaim,
     * so the node is drained and its pods are Pending (and provisioned for by Karpenter) before the same event reaches
     * the maintenance loop (aws/karpenter-provider-aws {@code pkg/controllers/interruption/controller.go},
     * {@code actionForMessage}: ScheduledChange, SpotInterruption and StateChange are CordonAndDrain; a rebalance
     * recommendation is NoAction). Room bought for such a node comes too late for its own pods and only adds nodes
     * that consolidation later takes back, evicting pods (docs/simulate.md, "measured"); the mark still keeps buffer
     * pods off the node and shows in the audit.
     */
    public static final Set<String> DRAINED_BY_KARPENTER = Set.of("spot-interruption", "scheduled-change", "state-change");

    /** Whether this node's demand is room to hold ready: its displacement lies ahead and Karpenter will not pre-provision it. */
    public boolean buysRoom() {
        return !DRAINED_BY_KARPENTER.contains(kind);
    }
}
