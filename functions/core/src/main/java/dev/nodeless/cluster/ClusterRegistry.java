package dev.nodeless.cluster;

import java.util.List;
import java.util.Optional;

/**
 * The fleet registry: one record per cluster name. The bootstrap writes it ({@link Registration}); the maintenance
 * loop reads it through {@link dev.nodeless.maintenance.RegisteredClusters}. Reads are strongly consistent, so a
 * cluster counts as ACTIVE the moment the bootstrap says so.
 */
public interface ClusterRegistry {

    Optional<ClusterRecord> find(String clusterName);

    /** Every registered cluster, whatever its status. */
    List<ClusterRecord> all();

    /** Items the last {@link #all()} could not read ("name: why"), skipped so they hide no other cluster. */
    default List<String> unreadable() {
        return List.of();
    }

    /** Writes the whole record (absolute state, so a retried write is harmless). */
    void put(ClusterRecord record);

    /** Removes the record; false when there was none. */
    boolean delete(String clusterName);
}
