package dev.nodeless.buffer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The part of one cluster's Kubernetes API the maintenance loop uses (port; adapter: {@code kube.buffer.KubeClusterApi}).
 * Per-event methods cost a constant number of requests whatever the cluster size; only {@link #liveNodes()},
 * {@link #nodeClaims()} and {@link #workloadRequests()} read whole lists, and only the periodic reconcile calls them.
 */
public interface ClusterApi {

    /** A Node and the instance behind it. */
    record NodeRef(String name, String instanceId) {}

    /**
     * A Karpenter NodeClaim: when it expires ({@code null} when {@code expireAfter: Never}), its NodePool (label
     * {@code karpenter.sh/nodepool}), since when it is {@code Drifted=True} ({@code null}: not drifted) and whether it
     * is being deleted (replacement under way).
     */
    record Claim(String name, String nodeName, String instanceId, Instant expiresAt, String nodePool, Instant driftedSince, boolean deleting) {
        public Claim(String name, String nodeName, String instanceId, Instant expiresAt) {
            this(name, nodeName, instanceId, expiresAt, null, null, false);
        }
    }

    /**
     * The buffer object as read: replicas, ledger and the version a write must match. {@code handle} is the
     * adapter's own copy of what it read (opaque here), so a write sends exactly that object plus the change.
     */
    record BufferState(int replicas, Ledger ledger, String version, Object handle, LastChange lastChange) {
        public BufferState(int replicas, Ledger ledger, String version, Object handle) {
            this(replicas, ledger, version, handle, null);
        }
    }

    /**
     * The last replica change, kept on the buffer object with the write that made it. {@code key} names the request
     * that made it (the event id): a retry of that step after the write committed finds it, reports the change and
     * makes sure its Event exists, instead of seeing "no change" and losing the audit. Null key: not retry-safe.
     */
    record LastChange(String key, String trigger, int before, int after, String reason) {}

    /** Finds the Node of an instance; {@code nameHints} are likely Node names (private DNS name, instance id). */
    Optional<NodeRef> nodeForInstance(String instanceId, List<String> nameHints);

    /** Pods scheduled on one node (a field-selected list, never the whole cluster). */
    List<PodView> podsOn(String node);

    BufferState readBuffer();

    /**
     * Writes replicas and ledger together in one update that only succeeds if the buffer is still at
     * {@code read.version()}.
     *
     * @throws BufferConflictException when someone else wrote first (re-read and decide again)
     */
    void writeBuffer(BufferState read, int replicas, Ledger ledger, LastChange change);

    /** Records a replica change as a Kubernetes Event on the buffer object, once per keyed change (idempotent). */
    void recordChange(LastChange change);

    /** Labels (or unlabels) a node so new buffer pods avoid it. Idempotent. */
    void labelAtRisk(String node, boolean atRisk);

    /** The NodePools' summed limits and current usage; empty when any pool is unlimited (or there is none). */
    default Optional<PoolLimits> poolLimits() {
        return poolLimits(pool -> true);
    }

    /**
     * The same over the NodePools whose name {@code covered} accepts: a pool's own buffer is capped by that pool's limits
     * alone, never by the sum over pools it cannot use.
     */
    Optional<PoolLimits> poolLimits(java.util.function.Predicate<String> covered);

    /** The same API with {@code name} (of {@code backend}, {@code pause-pods} or {@code capacity-buffer}) as the buffer object. */
    ClusterApi withBuffer(String name, String backend);

    /** The NodePool a Node belongs to (label {@code karpenter.sh/nodepool}); empty when unlabelled or gone. One GET. */
    Optional<String> poolOf(String node);

    /** Names of the Nodes of one NodePool (metadata-only, paginated, by label). Reconcile only. */
    Set<String> nodesOfPool(String pool);

    /** Sum of NodePool {@code spec.limits} and {@code status.resources}. */
    record PoolLimits(Resources limits, Resources used) {}

    /** Names of all Nodes (paginated). Reconcile only. */
    Set<String> liveNodes();

    /**
     * Nodes carrying the at-risk label (reconcile only): a label whose ledger write was refused would otherwise stay
     * and keep buffer pods off a healthy node for good.
     */
    Set<String> labeledAtRisk();

    /** All NodeClaims (paginated). Reconcile only. */
    List<Claim> nodeClaims();

    /**
     * Each NodePool's {@code spec.disruption.budgets} by pool name (reconcile only, and only when a NodeClaim is
     * drifted): how many nodes Karpenter may replace at once.
     */
    java.util.Map<String, List<DriftForecast.Budget>> disruptionBudgets();

    /**
     * Summed requests of the cluster's workload pods: every pod that is {@link PodView#evictable()} (so no DaemonSet,
     * mirror, finished or buffer pod: counting the buffer would feed back into its own size). Paginated and summed
     * page by page, never holding all pods. Reconcile only, and only when the baseline follows a share of requests.
     */
    default Resources workloadRequests() {
        return workloadRequests(node -> true);
    }

    /** The same over the pods whose node name {@code onNode} accepts (null for a pod not yet scheduled). */
    Resources workloadRequests(java.util.function.Predicate<String> onNode);
}
