package dev.nodeless.cluster;

import java.util.Optional;

/** The fleet registry as the bootstrap sees it: one record per cluster name. */
public interface ClusterRegistry {

    Optional<ClusterRecord> find(String clusterName);

    /** Writes the whole record (absolute state, so a retried write is harmless). */
    void put(ClusterRecord record);

    /** Removes the record; false when there was none. */
    boolean delete(String clusterName);
}
