package dev.nodeless.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** How the Kubernetes phase finds a cluster and opens an authenticated client to it. */
public interface ClusterAccess {

    /** Empty when no cluster has that name in that region. */
    Optional<ClusterInfo> find(String region, String clusterName);

    /** A fabric8 client (the bootstrap: apply, verify, teardown). */
    KubernetesClient connect(String region, ClusterEndpoint endpoint);

    /**
     * The same cluster's API as plain REST ({@link KubeRest}): the same endpoint, CA and refreshing EKS token, without
     * fabric8 or the JDK HttpClient (the maintenance functions, whose cold start it spares).
     */
    default KubeRest rest(String region, ClusterEndpoint endpoint) {
        throw new UnsupportedOperationException(getClass().getName() + " opens fabric8 clients only (the bootstrap's use), no REST connection to " + endpoint);
    }
}
