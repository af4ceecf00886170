package dev.nodeless.cluster;

import java.time.Instant;

/**
 * Maintenance of one cluster is paused (an incident, a manual change to its buffer): who paused it, why and when.
 * Set and cleared by {@code nodeless maintenance pause|resume}; while set, the maintenance loop admits no event for
 * the cluster, sizes nothing and its scheduled reconcile changes nothing, each answered with {@link #reason()}.
 *
 * @param by     the ARN of the caller that paused it (from STS GetCallerIdentity, not typed by the caller)
 * @param reason the caller's free-text reason, required
 * @param at     when it was paused
 */
public record MaintenancePause(String by, String reason, Instant at) {

    /** The reason every ignored event and reconcile gives: {@code maintenance paused by <who>: <why>}. */
    public String describe() {
        return "maintenance paused by " + by + ": " + reason;
    }
}
