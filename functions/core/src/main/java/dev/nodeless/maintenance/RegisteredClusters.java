package dev.nodeless.maintenance;

import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.ClusterRecords;
import java.util.List;
import java.util.Optional;

/**
 * {@link ManagedClusters} read from the fleet registry the bootstrap writes. Only live clusters (ACTIVE, or UPDATING
 * while a bootstrap re-run applies a new spec: with the last good one) are maintained: a bootstrapping cluster has no buffer yet, a failed one may have none, and a deleting one must be left alone.
 */
public final class RegisteredClusters implements ManagedClusters {

    private static final System.Logger LOG = System.getLogger(RegisteredClusters.class.getName());

    private final ClusterRecords registry;

    public RegisteredClusters(ClusterRecords registry) {
        this.registry = registry;
    }

    @Override
    public Optional<ManagedCluster> find(String name) {
        return registry.find(name).flatMap(RegisteredClusters::managed);
    }

    @Override
    public List<String> unreadable() {
        return registry.unreadable();
    }

    @Override
    public List<ManagedCluster> all() {
        return registry.all().stream().map(RegisteredClusters::managed).flatMap(Optional::stream).toList();
    }

    private static Optional<ManagedCluster> managed(ClusterRecord r) {
        if (!r.live()) return Optional.empty();
        if (r.spec() == null) {
            // Only items written before the registry stored specs; skipped (not thrown) so the other clusters are
            // still maintained. The next bootstrap run with the same spec adds it.
            LOG.log(System.Logger.Level.WARNING, "registry entry {0} is live but has no spec: not maintained until the bootstrap runs again",
                    r.clusterName());
            return Optional.empty();
        }
        ManagedCluster managed = ManagedCluster.of(r.spec());
        return Optional.of(r.paused() ? managed.pausedBecause(r.pause().describe()) : managed);
    }
}
