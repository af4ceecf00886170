package dev.nodeless.event;

import java.time.Instant;
import java.util.List;

/**
 * An event that puts instances (or, for a reconcile, a whole cluster) at risk. One record per kind; each
 * kind's parser lives beside its record.
 */
public sealed interface Disruption extends Classified
        permits SpotInterruption, RebalanceRecommendation, InstanceStateChange, ScheduledChange, ReconcileRequest {

    /** EC2 instance ids affected; empty for a reconcile. */
    List<String> instanceIds();

    /** When displacement is expected; {@code null} when unknown. */
    Instant deadline();

    /** Whether Karpenter will drain the node for this event (a rebalance recommendation only grows the buffer). */
    boolean drains();

    /**
     * When the disruption is over, if the event says: a spot warning's two minutes, a scheduled change's window end.
     * A warning past this is stale: it must not grow the buffer. {@code null}: the event does not say.
     */
    default Instant over() {
        return null;
    }
}
