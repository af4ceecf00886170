package dev.nodeless.cluster;

/**
 * The fleet registry: one record per cluster name. The bootstrap writes it ({@link Registration}); the maintenance
 * loop reads it through {@link dev.nodeless.maintenance.RegisteredClusters}. Reads are strongly consistent, so a
 * cluster counts as ACTIVE the moment the bootstrap says so.
 */
public interface ClusterRegistry extends ClusterRecords {

    /**
     * Writes the whole record (absolute state, so a retried write is harmless). The record's {@code pause} must be the
     * one stored (writers that are not about the pause carry over the one they read): if it changed since, nothing is
     * written and {@link dev.nodeless.aws.RetryableStepException} is thrown, so the caller's retry reads it again.
     */
    void put(ClusterRecord record);

    /**
     * Sets ({@code pause} not null) or clears (null) the maintenance pause of a registered cluster, changing nothing
     * else; false when no record exists (nothing is written then).
     */
    boolean setPause(String clusterName, MaintenancePause pause);

    /**
     * Records ({@code failure} not null) or clears (null) the last failed scheduled reconcile of a registered cluster,
     * changing nothing else; false when no record exists, or when clearing found nothing to clear (nothing is written).
     */
    boolean setReconcileFailure(String clusterName, ReconcileFailure failure);

    /** Removes the record; false when there was none. */
    boolean delete(String clusterName);
}
