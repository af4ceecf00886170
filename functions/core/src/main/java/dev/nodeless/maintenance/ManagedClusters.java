package dev.nodeless.maintenance;

import dev.nodeless.buffer.BufferPolicies;
import dev.nodeless.buffer.BufferPolicy;
import dev.nodeless.buffer.BufferScope;
import dev.nodeless.buffer.BufferScopes;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.ClusterSpec;
import java.util.List;
import java.util.Optional;

/**
 * Port: the clusters Nodeless bootstrapped (the fleet registry). Only these are maintained; events for any other
 * cluster's instances are ignored with a reason.
 */
public interface ManagedClusters {

    /**
     * A maintained cluster: its buffer policy and backend ({@code pause-pods} or {@code capacity-buffer}), and while its
     * maintenance is paused the reason every event and reconcile is ignored with ({@code maintenance paused by <who>:
     * <why>}), else null.
     */
    record ManagedCluster(String name, BufferPolicy policy, String backend, String pausedBecause, List<BufferScope> poolBuffers) {

        public ManagedCluster {
            poolBuffers = poolBuffers == null ? List.of() : List.copyOf(poolBuffers);
        }

        public ManagedCluster(String name, BufferPolicy policy, String backend) {
            this(name, policy, backend, null, List.of());
        }

        public ManagedCluster(String name, BufferPolicy policy, String backend, String pausedBecause) {
            this(name, policy, backend, pausedBecause, List.of());
        }

        public boolean paused() { return pausedBecause != null; }

        public ManagedCluster pausedBecause(String why) {
            return new ManagedCluster(name, policy, backend, why, poolBuffers);
        }

        /** Every buffer of the cluster: the top-level one ({@code policy}, {@code backend}) and the NodePools' own. */
        public BufferScopes buffers() {
            return BufferScopes.single(ResourceNames.BUFFER_NAME, backend, policy).with(poolBuffers);
        }

        /** From a normalised spec (defaults filled in), as the registry and the replay tool hold it. */
        public static ManagedCluster of(ClusterSpec spec) {
            BufferScopes scopes = BufferPolicies.scopes(spec);
            return new ManagedCluster(spec.clusterName(), BufferPolicies.from(spec), spec.buffer().backend(), null,
                    scopes.all().subList(1, scopes.all().size()));
        }
    }

    /** The cluster if it is registered and live (paused or not: see {@link ManagedCluster#paused()}). */
    Optional<ManagedCluster> find(String name);

    /** Registry items the last {@link #all()} skipped as unreadable ("name: why"), for the reconcile's report. */
    default List<String> unreadable() {
        return List.of();
    }

    List<ManagedCluster> all();
}
