package dev.nodeless.status;

import dev.nodeless.buffer.AtRisk;
import dev.nodeless.buffer.BufferPolicy;
import dev.nodeless.buffer.BufferScope;
import dev.nodeless.buffer.BufferSizing;
import dev.nodeless.buffer.ClusterApi;
import dev.nodeless.buffer.Ledger;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.ClusterRegistry;
import dev.nodeless.kube.ReconcileClusterStep;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.maintenance.ClusterApis;
import dev.nodeless.maintenance.ManagedClusters.ManagedCluster;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one cluster's status, or every registered cluster's, from the registry, the cluster's Kubernetes API (the same
 * {@link ClusterApis} and {@link KubeClusterApi} the maintenance loop uses: the buffer object, its ledger and last
 * change, the at-risk label) and the stack's executions. Only the registry is required: when the cluster's API or
 * Step Functions cannot be read, that part says why and the rest is still reported. Reads only.
 */
public final class StatusReader {

    /** Every cluster's status and the registry items that could not be read ("name: why"). */
    public record Report(List<ClusterStatus> clusters, List<String> unreadable) {}

    private final ClusterRegistry registry;
    private final String table;
    private final ClusterApis apis;
    private final ExecutionHistory history;
    private final Clock clock;

    /** @param table the registry table's name, for messages */
    public StatusReader(ClusterRegistry registry, String table, ClusterApis apis, ExecutionHistory history, Clock clock) {
        this.registry = registry;
        this.table = table;
        this.apis = apis;
        this.history = history;
        this.clock = clock;
    }

    /** @param cluster one cluster (refused when it is not registered), or empty: every registered cluster */
    public Report read(Optional<String> cluster) {
        List<ClusterRecord> all = registry.all().stream().sorted(Comparator.comparing(ClusterRecord::clusterName)).toList();
        List<String> unreadable = registry.unreadable();
        Set<String> fleet = new TreeSet<>();
        all.forEach(r -> fleet.add(r.clusterName()));
        List<ClusterRecord> chosen = all;
        if (cluster.isPresent()) {
            Optional<ClusterRecord> found;
            try {
                found = registry.find(cluster.get());
            } catch (IllegalStateException bad) {
                throw new IllegalArgumentException("the registry item " + cluster.get() + " in " + table + " is unreadable: " + bad.getMessage());
            }
            ClusterRecord one = found.orElseThrow(() -> new IllegalArgumentException("no cluster " + cluster.get()
                    + " in the registry table " + table + (fleet.isEmpty() ? " (it is empty)" : "; registered: " + String.join(", ", fleet))));
            chosen = List.of(one);
            unreadable = List.of();
        }
        return new Report(chosen.stream().map(r -> status(r, fleet)).toList(), unreadable);
    }

    private ClusterStatus status(ClusterRecord r, Set<String> fleet) {
        List<ClusterStatus.Buffer> buffers = List.of();
        String bufferWhy = null;
        if (r.spec() == null) {
            bufferWhy = "the registry item has no spec (written before specs were stored; the next bootstrap run adds it)";
        } else {
            try {
                buffers = buffers(r.spec());
            } catch (RuntimeException e) {
                bufferWhy = ReconcileClusterStep.classify("reading the buffer of " + r.clusterName(), e).getMessage();
            }
        }
        List<ClusterStatus.Run> runs = List.of();
        String runsWhy = null;
        try {
            runs = history.of(r.clusterName(), fleet);
        } catch (RuntimeException e) {
            runsWhy = ReconcileClusterStep.classify("listing the executions of " + r.clusterName(), e).getMessage();
        }
        return new ClusterStatus(r.clusterName(), registry(r), buffers.isEmpty() ? null : buffers.get(0),
                buffers.isEmpty() ? List.of() : buffers.subList(1, buffers.size()), bufferWhy, runs, runsWhy);
    }

    static ClusterStatus.Registry registry(ClusterRecord r) {
        ClusterSpec s = r.spec();
        return new ClusterStatus.Registry(r.status(), r.region(), r.specHash(), s == null ? null : s.kubernetesVersion(),
                s == null || s.karpenter() == null ? null : s.karpenter().version(), r.createdAt(), r.updatedAt(), r.lastError(),
                r.lastFailedExecution(), r.pause(), r.reconcileFailure());
    }

    /**
     * Every buffer object of the cluster, the top-level one ({@code nodeless/pause-pods}, either backend) first, then
     * one per NodePool with a buffer of its own ({@code pause-pods-<pool>}), each read as the maintenance loop reads it.
     * The nodes labelled at risk without an entry in any buffer's ledger are reported on the top-level one.
     */
    private List<ClusterStatus.Buffer> buffers(ClusterSpec spec) {
        ManagedCluster managed = ManagedCluster.of(spec);
        ClusterApi api = apis.open(managed);
        Instant now = clock.instant();
        List<BufferScope> scopes = managed.buffers().all();
        List<ClusterApi.BufferState> states = new java.util.ArrayList<>();
        Set<String> inLedgers = new TreeSet<>();
        for (BufferScope scope : scopes) {
            ClusterApi.BufferState state = api.withBuffer(scope.bufferName(), scope.backend()).readBuffer();
            states.add(state);
            inLedgers.addAll(state.ledger().atRisk().keySet());
        }
        List<String> labeledOnly;
        try {
            labeledOnly = api.labeledAtRisk().stream().filter(n -> !inLedgers.contains(n)).sorted().toList();
        } catch (RuntimeException cannotListNodes) {
            labeledOnly = null; // e.g. a viewer's RBAC without node list: the ledgers are still shown
        }
        List<ClusterStatus.Buffer> out = new java.util.ArrayList<>();
        for (int i = 0; i < scopes.size(); i++) {
            out.add(buffer(scopes.get(i), states.get(i), now, i == 0 ? labeledOnly : null));
        }
        return out;
    }

    private static ClusterStatus.Buffer buffer(BufferScope scope, ClusterApi.BufferState state, Instant now, List<String> labeledOnly) {
        Ledger ledger = state.ledger();
        BufferPolicy policy = scope.policy();
        int share = policy.followsShare() && ledger.share() != null ? ledger.share() : 0;
        List<ClusterStatus.AtRiskNode> atRisk = ledger.atRisk().values().stream()
                .sorted(Comparator.comparing((AtRisk a) -> a.deadline() == null ? Instant.MAX : a.deadline()).thenComparing(AtRisk::node))
                .map(a -> new ClusterStatus.AtRiskNode(a.node(), a.instanceId(), a.kind(), a.markedAt(), a.deadline(),
                        a.demand().milliCpu(), a.demand().memoryBytes()))
                .toList();
        ClusterApi.LastChange c = state.lastChange();
        boolean capacityBuffer = KubeClusterApi.backendOf(scope.backend()) == KubeClusterApi.Backend.CAPACITY_BUFFER;
        return new ClusterStatus.Buffer(scope.backend(),
                (capacityBuffer ? "CapacityBuffer " : "Deployment ") + ResourceNames.BUFFER_NAMESPACE + "/" + scope.bufferName(), scope.pool(),
                state.replicas(), policy.baseline(), BufferSizing.baselineAt(policy, now, share), policy.maxReplicas(),
                policy.followsShare() ? ledger.share() : null,
                c == null ? null : new ClusterStatus.LastChange(c.trigger(), c.before(), c.after(), c.reason()), atRisk, labeledOnly);
    }
}
