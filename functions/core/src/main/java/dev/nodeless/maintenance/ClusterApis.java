package dev.nodeless.maintenance;

import dev.nodeless.buffer.ClusterApi;

/** Port: opens the Kubernetes API of a managed cluster (production: EKS endpoint + short-lived token). */
public interface ClusterApis {
    ClusterApi open(ManagedClusters.ManagedCluster cluster);
}
