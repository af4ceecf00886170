package dev.nodeless.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** How the Kubernetes phase finds a cluster and opens an authenticated client to it. */
public interface ClusterAccess {

    /** Empty when no cluster has that name in that region. */
    Optional<ClusterInfo> find(String region, String clusterName);

    KubernetesClient connect(String region, ClusterEndpoint endpoint);
}
