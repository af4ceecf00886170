package dev.nodeless.cluster;

import java.util.List;
import java.util.Optional;

/**
 * The reads of the fleet registry the maintenance loop makes ({@link dev.nodeless.maintenance.RegisteredClusters}):
 * implemented by the full {@link ClusterRegistry} and by {@link MaintenanceRegistry}, which the maintenance functions use.
 */
public interface ClusterRecords {

    Optional<ClusterRecord> find(String clusterName);

    /** Every registered cluster, whatever its status. */
    List<ClusterRecord> all();

    /** Items the last {@link #all()} could not read ("name: why"), skipped so they hide no other cluster. */
    default List<String> unreadable() {
        return List.of();
    }
}
