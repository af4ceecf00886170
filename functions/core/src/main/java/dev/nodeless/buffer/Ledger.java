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
 * @param atRisk    at-risk nodes by node name
 * @param clearedAt when the set last became empty ({@code null} if nothing has been at risk since baseline)
 */
public record Ledger(Map<String, AtRisk> atRisk, Instant clearedAt) {

    public static final Ledger EMPTY = new Ledger(Map.of(), null);

    public Ledger {
        atRisk = Map.copyOf(atRisk);
    }

    /** Adds or refreshes a node; the first mark time is kept, so a repeated event changes nothing. */
    public Ledger mark(AtRisk node) {
        Map<String, AtRisk> next = new LinkedHashMap<>(atRisk);
        AtRisk old = next.get(node.node());
        AtRisk merged = old == null ? node : new AtRisk(node.node(), node.instanceId(), old.kind().equals(node.kind()) ? old.kind() : node.kind(),
                old.markedAt().isBefore(node.markedAt()) ? old.markedAt() : node.markedAt(),
                earliest(old.deadline(), node.deadline()), node.demand());
        next.put(node.node(), merged);
        return new Ledger(next, null);
    }

    /** Drops nodes that no longer exist; records when the set became empty. */
    public Ledger retainOnly(Set<String> liveNodes, Instant now) {
        Map<String, AtRisk> next = new LinkedHashMap<>(atRisk);
        next.keySet().retainAll(liveNodes);
        return withNodes(next, now);
    }

    public Ledger remove(String node, Instant now) {
        if (!atRisk.containsKey(node)) return this;
        Map<String, AtRisk> next = new LinkedHashMap<>(atRisk);
        next.remove(node);
        return withNodes(next, now);
    }

    public Resources demand() {
        return sum(atRisk.values());
    }

    public boolean isEmpty() {
        return atRisk.isEmpty();
    }

    private Ledger withNodes(Map<String, AtRisk> next, Instant now) {
        if (next.size() == atRisk.size()) return this;
        return new Ledger(next, next.isEmpty() ? now : clearedAt);
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
