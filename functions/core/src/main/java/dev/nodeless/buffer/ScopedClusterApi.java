package dev.nodeless.buffer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One cluster's API as one of its buffers ({@link BufferScope}) sees it: that buffer object, and only the nodes it
 * covers in what the reconcile reads (NodeClaims, at-risk labels, NodePool limits, workload requests). So each buffer
 * is sized and healed from its own nodes, and the reconcile of one never removes another's at-risk label. Node
 * membership comes from the {@code karpenter.sh/nodepool} label: one metadata-only list per NodePool with its own
 * buffer, read at most once per view (a view lives for one request).
 */
final class ScopedClusterApi implements ClusterApi {

    private final ClusterApi base;
    private final ClusterApi buffer;
    private final BufferScope scope;
    private final Set<String> ownPools;
    private Set<String> inScope;   // nodes of the scope's pool (pool buffer), or of the own-buffered pools (top-level)

    ScopedClusterApi(ClusterApi base, BufferScope scope, BufferScopes all) {
        this.base = base;
        this.buffer = base.withBuffer(scope.bufferName(), scope.backend());
        this.scope = scope;
        this.ownPools = all.ownPools();
    }

    /** Whether the node counts in this buffer (by the label lists, not one GET per node). */
    boolean coversNode(String node) {
        if (inScope == null) {
            Set<String> nodes = new HashSet<>();
            if (scope.pool() != null) nodes.addAll(base.nodesOfPool(scope.pool()));
            else for (String p : ownPools) nodes.addAll(base.nodesOfPool(p));
            inScope = nodes;
        }
        return scope.pool() != null ? inScope.contains(node) : node == null || !inScope.contains(node);
    }

    @Override public Optional<NodeRef> nodeForInstance(String instanceId, List<String> nameHints) { return base.nodeForInstance(instanceId, nameHints); }
    @Override public List<PodView> podsOn(String node) { return base.podsOn(node); }
    @Override public BufferState readBuffer() { return buffer.readBuffer(); }
    @Override public void writeBuffer(BufferState read, int replicas, Ledger ledger, LastChange change) { buffer.writeBuffer(read, replicas, ledger, change); }
    @Override public void recordChange(LastChange change) { buffer.recordChange(change); }
    @Override public void labelAtRisk(String node, boolean atRisk) { base.labelAtRisk(node, atRisk); }
    @Override public ClusterApi withBuffer(String name, String backend) { return base.withBuffer(name, backend); }
    @Override public Optional<String> poolOf(String node) { return base.poolOf(node); }
    @Override public Set<String> nodesOfPool(String pool) { return base.nodesOfPool(pool); }
    @Override public Set<String> liveNodes() { return base.liveNodes(); }
    @Override public Map<String, List<DriftForecast.Budget>> disruptionBudgets() { return base.disruptionBudgets(); }

    /** Only the limits of the pools this buffer's pods can land on. */
    @Override
    public Optional<PoolLimits> poolLimits(Predicate<String> covered) {
        return base.poolLimits(p -> covered.test(p) && scope.covers(p, ownPools));
    }

    @Override
    public Set<String> labeledAtRisk() {
        Set<String> labeled = new HashSet<>(base.labeledAtRisk());
        labeled.removeIf(n -> !coversNode(n));
        return labeled;
    }

    /** NodeClaims carry their pool's label, so no node list is needed here. */
    @Override
    public List<Claim> nodeClaims() {
        return base.nodeClaims().stream().filter(c -> scope.covers(c.nodePool(), ownPools)).toList();
    }

    /** A pool buffer's share counts the pods on that pool's nodes; the top-level one's all others (and pending pods). */
    @Override
    public Resources workloadRequests(Predicate<String> onNode) {
        return base.workloadRequests(n -> onNode.test(n) && coversNode(n));
    }
}
