package dev.nodeless.kube.buffer;

import dev.nodeless.buffer.ClusterApi;
import dev.nodeless.kube.ClusterAccess;
import dev.nodeless.kube.ClusterInfo;
import dev.nodeless.kube.KubeRejectedException;
import dev.nodeless.kube.KubeRest;
import dev.nodeless.kube.RetryableKubeException;
import dev.nodeless.maintenance.ClusterApis;
import dev.nodeless.maintenance.ManagedClusters;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ClusterApis} for the maintenance loop: finds the cluster and opens its API through the same
 * {@link ClusterAccess} the bootstrap uses (DescribeCluster, EKS tokens signed by the Lambda role and refreshed
 * before they expire), as plain REST ({@link ClusterAccess#rest}). One connection per cluster is kept by the warm
 * container, so it does not call DescribeCluster or open a new TLS connection on every event; at most
 * {@link #DEFAULT_MAX_CLIENTS}, the least recently used closed first: reconcile-fleet's items reach a container in any
 * order, and a connection per cluster of a large fleet would otherwise grow with the fleet, not with the work.
 */
public final class KubeClusterApis implements ClusterApis {

    private final ClusterAccess access;
    private final String region;
    private final Clock clock;
    /** An invocation opens one cluster (reconcileCluster, sizeBuffer) or the few an event's instances span. */
    public static final int DEFAULT_MAX_CLIENTS = 32;

    private final Map<String, KubeRest> clients;

    /** @param region where the managed clusters are: the region the maintenance functions are deployed in */
    public KubeClusterApis(ClusterAccess access, String region, Clock clock) {
        this(access, region, clock, DEFAULT_MAX_CLIENTS);
    }

    public KubeClusterApis(ClusterAccess access, String region, Clock clock, int maxClients) {
        this.access = access;
        this.region = region;
        this.clock = clock;
        this.clients = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, KubeRest> eldest) {
                if (size() <= maxClients) return false;
                eldest.getValue().close();
                return true;
            }
        };
    }

    @Override
    public ClusterApi open(ManagedClusters.ManagedCluster cluster) {
        KubeRest client;
        synchronized (clients) {
            client = clients.computeIfAbsent(cluster.name(), this::connect);
        }
        return new KubeClusterApi(client, KubeClusterApi.backendOf(cluster.backend()), clock);
    }

    private KubeRest connect(String name) {
        ClusterInfo info = access.find(region, name).orElseThrow(() -> new KubeRejectedException(
                "opening the Kubernetes API of " + name + ": the registry lists it as ACTIVE but EKS has no such cluster in " + region));
        // Not ClusterInfo.active(): during an EKS version update the status is UPDATING and the API still serves.
        if (info.endpoint() == null) {
            throw new RetryableKubeException("opening the Kubernetes API of " + name + ": EKS reports status "
                    + info.status() + " and no endpoint yet", null);
        }
        return access.rest(region, info.endpoint());
    }
}
