package dev.nodeless.cluster;

import dev.nodeless.spec.ClusterSpec;
import java.time.Instant;
import java.util.Map;

/**
 * One cluster in the fleet registry: what the bootstrap writes and the maintenance loop reads.
 *
 * @param status    BOOTSTRAPPING, ACTIVE, UPDATING (a re-run of a live cluster), DELETING or FAILED
 * @param specHash  SHA-256 of the normalised spec, to tell a re-run with the same input from a changed one
 * @param spec      the normalised spec the cluster runs with (the maintenance loop sizes the buffer from it): while
 *                  UPDATING still the last one that succeeded; null only in an item
 *                  written before the registry stored it, and the next registration adds it
 * @param outputs   what the bootstrap reported (endpoint, ARNs), by step name, each value JSON; an adopted cluster's
 *                  record holds {@value #ADOPTION_OUTPUT} (what adopt-cluster found and installed) instead
 * @param lastError the last failure's error and cause, or null
 * @param lastFailedExecution the ARN of the execution that failed last (where its history is), or null
 * @param pause     set while maintenance is paused for this cluster, else null; only
 *                  {@link ClusterRegistry#setPause} changes it, every other write keeps it
 * @param reconcileFailure the last failed scheduled reconcile, until one succeeds, else null; only
 *                  {@link ClusterRegistry#setReconcileFailure} changes it, every other write keeps it
 */
public record ClusterRecord(
        String clusterName,
        String status,
        String region,
        String specHash,
        ClusterSpec spec,
        Instant createdAt,
        Instant updatedAt,
        Map<String, String> outputs,
        String lastError,
        String lastFailedExecution,
        MaintenancePause pause,
        ReconcileFailure reconcileFailure) {

    public ClusterRecord(String clusterName, String status, String region, String specHash, ClusterSpec spec, Instant createdAt,
                         Instant updatedAt, Map<String, String> outputs, String lastError, String lastFailedExecution,
                         MaintenancePause pause) {
        this(clusterName, status, region, specHash, spec, createdAt, updatedAt, outputs, lastError, lastFailedExecution, pause, null);
    }

    public ClusterRecord(String clusterName, String status, String region, String specHash, ClusterSpec spec, Instant createdAt,
                         Instant updatedAt, Map<String, String> outputs, String lastError, String lastFailedExecution) {
        this(clusterName, status, region, specHash, spec, createdAt, updatedAt, outputs, lastError, lastFailedExecution, null);
    }

    public ClusterRecord(String clusterName, String status, String region, String specHash, ClusterSpec spec, Instant createdAt,
                         Instant updatedAt, Map<String, String> outputs, String lastError) {
        this(clusterName, status, region, specHash, spec, createdAt, updatedAt, outputs, lastError, null, null);
    }

    public static final String BOOTSTRAPPING = "BOOTSTRAPPING";
    public static final String ACTIVE = "ACTIVE";
    /** A bootstrap re-run of a live cluster: maintenance goes on with the last good spec until it succeeds. */
    public static final String UPDATING = "UPDATING";
    public static final String DELETING = "DELETING";
    public static final String FAILED = "FAILED";

    /** release (adopt-cluster): maintenance has stopped and adopt's objects and access entries are being removed. */
    public static final String RELEASING = "RELEASING";
    /**
     * The output an adopted cluster's record carries (adopt-cluster, docs/adopt.md): Nodeless maintains that cluster
     * but did not create it, so the bootstrap and teardown-cluster refuse it; every writer keeps {@code outputs}.
     */
    public static final String ADOPTION_OUTPUT = "adoptCluster";

    public boolean active() { return ACTIVE.equals(status); }

    /** Registered by adopt-cluster for maintenance only: not created by Nodeless, never changed or deleted by it. */
    public boolean adopted() { return outputs != null && outputs.containsKey(ADOPTION_OUTPUT); }

    /**
     * A running cluster the maintenance loop serves: ACTIVE, or UPDATING while a re-run applies a new spec. A failed or
     * invalid re-run leaves it ACTIVE with its last good spec: a live cluster never stops being maintained for it.
     */
    public boolean live() { return ACTIVE.equals(status) || UPDATING.equals(status); }

    public boolean paused() { return pause != null; }
}
