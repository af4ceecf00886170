package dev.nodeless.buffer;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The at-risk set of one cluster, stored together with the buffer's replica count so both change in one
 * optimistic write. Immutable: every operation returns a new ledger.
 *
 * @param atRisk       at-risk nodes by node name
 * @param clearedAt    when the set last became empty ({@code null} while nodes are at risk or none ever was)
 * @param surplusSince since when the buffer has been larger than the at-risk demand needs ({@code null} when it is
 *                     not); the planner shrinks only after a whole cool-down of surplus
 * @param share        buffer pods the share of cluster requests asks for ({@link BufferSizing#share}), as the last
 *                     reconcile measured it; {@code null}: none measured (the share is off, or not measured yet).
 *                     Kept as whole replicas, not raw requests, so the ledger changes only when the share crosses a
 *                     buffer pod (every ledger change is a write, and the reconcile's dry run starts an execution)
 */
public record Ledger(Map<String, AtRisk> atRisk, Instant clearedAt, Instant surplusSince, Integer share) {

    public static final Ledger EMPTY = new Ledger(Map.of(), null, null, null);

    public Ledger(Map<String, AtRisk> atRisk, Instant clearedAt) {
        this(atRisk, clearedAt, null);
    }

    /** No share measured (the form before baselinePercent existed). */
    public Ledger(Map<String, AtRisk> atRisk, Instant clearedAt, Instant surplusSince) {
        this(atRisk, clearedAt, surplusSince, null);
    }

    public Ledger {
        atRisk = Map.copyOf(atRisk);
        if (share != null && share < 0) throw new IllegalArgumentException("share must be 0 or more, got " + share);
    }

    /**
     * Adds or refreshes a node; a repeated event changes nothing. The first mark time and the earliest deadline
     * are kept, and so is the larger demand per resource: pods leave an at-risk node as it drains, but the room
     * they need elsewhere does not shrink until the node is gone, so a later re-measurement must not lower it.
     */
    public Ledger mark(AtRisk node) {
        Map<String, AtRisk> next = new LinkedHashMap<>(atRisk);
        AtRisk old = next.get(node.node());
        AtRisk merged = old == null ? node : new AtRisk(node.node(), node.instanceId(), strongerKind(old.kind(), node.kind()),
                old.markedAt().isBefore(node.markedAt()) ? old.markedAt() : node.markedAt(),
                earliest(old.deadline(), node.deadline()),
                old.demand().max(node.demand()));
        next.put(node.node(), merged);
        return new Ledger(next, null, surplusSince, share);
    }

    /**
     * A rebalance recommendation is the weakest signal; any draining kind that follows replaces it, so the audit
     * shows why the node really left.
     */
    private static String strongerKind(String old, String update) {
        return "rebalance".equals(update) ? old : update;
    }

    /** Drops nodes that no longer exist; records when the set became empty. */
    public Ledger retainOnly(Set<String> liveNodes, Instant now) {
        Map<String, AtRisk> next = new LinkedHashMap<>(atRisk);
        next.keySet().retainAll(liveNodes);
        return withNodes(next, now);
    }

    /**
     * Drops marks that outlived their signal while the node stayed: a rebalance recommendation (no deadline) or an
     * interruption that never came, {@code staleAfter} past its deadline (or its mark time when there is none).
     */
    public Ledger dropStale(Instant now, java.time.Duration staleAfter) {
        Map<String, AtRisk> next = new LinkedHashMap<>(atRisk);
        next.values().removeIf(n -> now.isAfter((n.deadline() != null ? n.deadline() : n.markedAt()).plus(staleAfter)));
        return withNodes(next, now);
    }

    public Ledger remove(String node, Instant now) {
        if (!atRisk.containsKey(node)) return this;
        Map<String, AtRisk> next = new LinkedHashMap<>(atRisk);
        next.remove(node);
        return withNodes(next, now);
    }

    /** The same nodes with the start of the current surplus (or {@code null}: no surplus). */
    public Ledger withSurplusSince(Instant since) {
        return java.util.Objects.equals(since, surplusSince) ? this : new Ledger(atRisk, clearedAt, since, share);
    }

    /**
     * Stores a share the reconcile measured ({@code null}: none, the share is off). When it fell from above
     * {@code otherBaseline} (the baseline without the share, which it no longer holds up), the effective baseline
     * fell now: a surplus starts now at the earliest, so the buffer shrinks a whole cool-down later, never at once
     * on the strength of an older surplus start or of at-risk nodes that went long ago.
     */
    public Ledger withMeasuredShare(Integer replicas, int otherBaseline, Instant now) {
        int before = share == null ? 0 : share;
        int after = replicas == null ? 0 : replicas;
        Ledger next = withShare(replicas);
        if (after < before && before > otherBaseline && (surplusSince == null || surplusSince.isBefore(now))) {
            next = next.withSurplusSince(now);
        }
        return next;
    }

    /** The same ledger with the share the reconcile measured ({@code null}: none, the share is off). */
    public Ledger withShare(Integer replicas) {
        return java.util.Objects.equals(replicas, share) ? this : new Ledger(atRisk, clearedAt, surplusSince, replicas);
    }

    /**
     * The room to hold ready: the demand of the marks that {@linkplain AtRisk#buysRoom() buy room} (a node Karpenter
     * is already draining adds none; its pods are Pending and provisioned for by Karpenter).
     */
    public Resources demand() {
        return sum(atRisk.values().stream().filter(AtRisk::buysRoom).toList());
    }

    public boolean isEmpty() {
        return atRisk.isEmpty();
    }

    private Ledger withNodes(Map<String, AtRisk> next, Instant now) {
        if (next.size() == atRisk.size()) return this;
        return new Ledger(next, next.isEmpty() ? now : clearedAt, surplusSince, share);
    }

    private static Resources sum(Collection<AtRisk> nodes) {
        Resources total = Resources.ZERO;
        for (AtRisk n : nodes) total = total.plus(n.demand());
        return total;
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isBefore(b) ? a : b;
    }
}
