package dev.nodeless.buffer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Marks nodes at risk and applies the planner's decision to one cluster. Used by the sizeBuffer Lambda, the
 * reconcile Lambda and the offline replay tool alike.
 * <ol>
 *   <li>measure each at-risk node's evictable demand (one field-selected pod list per node) and label it;</li>
 *   <li>read the buffer (replicas + ledger), mark, decide, write both in one update with the read version;</li>
 *   <li>on conflict re-read and repeat: the decision is recomputed from the merged ledger, so concurrent events
 *       for different nodes all count and none is lost;</li>
 *   <li>record a Kubernetes Event when replicas changed.</li>
 * </ol>
 */
public final class BufferService {

    /** Enough for a storm of concurrent writers on one object; each attempt re-reads, so progress is guaranteed. */
    static final int MAX_ATTEMPTS = 64;
    /** At-risk kinds the reconcile forecasts (events bring the others). */
    public static final String EXPIRY = "expiry";
    public static final String DRIFT = "drift";

    private final Clock clock;

    public BufferService(Clock clock) {
        this.clock = clock;
    }

    /** One node put at risk by an event. */
    public record Target(String node, String instanceId) {}

    /** Marks {@code targets} at risk (kind, deadline from the event) and resizes the buffer. */
    public BufferChange markAtRisk(String cluster, ClusterApi api, BufferPolicy policy, String kind, Instant deadline,
                                   List<Target> targets) {
        return markAtRisk(cluster, api, policy, kind, deadline, targets, null);
    }

    /** @param changeKey what made this request (the event id): a retry of it reports the change it already wrote */
    public BufferChange markAtRisk(String cluster, ClusterApi api, BufferPolicy policy, String kind, Instant deadline,
                                   List<Target> targets, String changeKey) {
        Instant now = clock.instant();
        List<AtRisk> marks = new ArrayList<>();
        for (Target t : targets) {
            Resources demand = PodView.demandOn(t.node(), api.podsOn(t.node()));
            api.labelAtRisk(t.node(), true);
            marks.add(new AtRisk(t.node(), t.instanceId(), kind, now, deadline, demand));
        }
        String node = targets.size() == 1 ? targets.get(0).node() : null;
        return apply(cluster, api, policy, kind, node, now, null, changeKey, ledger -> {
            Ledger next = ledger;
            for (AtRisk m : marks) next = next.mark(m);
            return next;
        });
    }

    /**
     * Marks {@code targets} at risk in the buffer that covers each one's NodePool ({@link BufferScopes}): one GET per
     * node for its pool label, then one {@link #markAtRisk} per buffer touched, each against its own object and policy.
     * A cluster with only the top-level buffer takes the single-buffer path unchanged (no extra request).
     */
    public List<BufferChange> markAtRisk(String cluster, ClusterApi api, BufferScopes scopes, String kind, Instant deadline,
                                         List<Target> targets, String changeKey) {
        if (scopes.single()) {
            return List.of(markAtRisk(cluster, api, scopes.topLevel().policy(), kind, deadline, targets, changeKey));
        }
        Map<BufferScope, List<Target>> byScope = new java.util.LinkedHashMap<>();
        for (Target t : targets) {
            byScope.computeIfAbsent(scopes.forPool(api.poolOf(t.node()).orElse(null)), k -> new ArrayList<>()).add(t);
        }
        List<BufferChange> changes = new ArrayList<>();
        byScope.forEach((scope, ts) -> changes.add(named(scope, markAtRisk(cluster, new ScopedClusterApi(api, scope, scopes), scope.policy(),
                kind, deadline, ts, changeKey))));
        return changes;
    }

    /** A NodePool buffer's change names its object; the top-level buffer's stays as it always was. */
    private static BufferChange named(BufferScope scope, BufferChange change) {
        return scope.pool() == null ? change : change.withBuffer(scope.bufferName());
    }

    /** {@link #reconcile} of every buffer of the cluster, each over its own nodes; one change per buffer. */
    public List<BufferChange> reconcile(String cluster, ClusterApi api, BufferScopes scopes, String changeKey) {
        if (scopes.single()) return List.of(reconcile(cluster, api, scopes.topLevel().policy(), false, changeKey));
        List<BufferChange> changes = new ArrayList<>();
        for (BufferScope scope : scopes.all()) {
            changes.add(named(scope, reconcile(cluster, new ScopedClusterApi(api, scope, scopes), scope.policy(), false, changeKey)));
        }
        return changes;
    }

    /** The first buffer a reconcile would change, without writing; empty when none would. */
    public Optional<BufferChange> reconcileNeeded(String cluster, ClusterApi api, BufferScopes scopes) {
        if (scopes.single()) return reconcileNeeded(cluster, api, scopes.topLevel().policy());
        for (BufferScope scope : scopes.all()) {
            BufferChange plan = reconcile(cluster, new ScopedClusterApi(api, scope, scopes), scope.policy(), true, null);
            if (plan.written()) return Optional.of(named(scope, plan));
        }
        return Optional.empty();
    }

    /**
     * Level-triggered reconcile: forgets nodes that are gone or whose mark went stale, marks NodeClaims that
     * Karpenter will expire within the look-ahead, measures the share of cluster requests (when the policy follows
     * one: one paginated pod list) and stores it in the ledger as replicas, and resizes (including the shrink after
     * cool-down). The event path then sizes with the stored share and never lists all pods.
     */
    public BufferChange reconcile(String cluster, ClusterApi api, BufferPolicy policy) {
        return reconcile(cluster, api, policy, false, null);
    }

    public BufferChange reconcile(String cluster, ClusterApi api, BufferPolicy policy, String changeKey) {
        return reconcile(cluster, api, policy, false, changeKey);
    }

    /** Whether a reconcile would change anything, without writing (what decides if an execution is started). */
    public Optional<BufferChange> reconcileNeeded(String cluster, ClusterApi api, BufferPolicy policy) {
        BufferChange plan = reconcile(cluster, api, policy, true, null);
        return plan.written() ? Optional.of(plan) : Optional.empty();
    }

    private BufferChange reconcile(String cluster, ClusterApi api, BufferPolicy policy, boolean dryRun, String changeKey) {
        Instant now = clock.instant();
        Set<String> live = api.liveNodes();
        List<AtRisk> expiring = new ArrayList<>();
        List<ClusterApi.Claim> claims = api.nodeClaims();
        for (ClusterApi.Claim c : claims) {
            if (c.expiresAt() == null || c.nodeName() == null || !live.contains(c.nodeName())) continue;
            if (!c.expiresAt().isAfter(now.plus(policy.lookahead()))) {
                Resources demand = PodView.demandOn(c.nodeName(), api.podsOn(c.nodeName()));
                expiring.add(new AtRisk(c.nodeName(), c.instanceId(), EXPIRY, now, c.expiresAt(), demand));
            }
        }
        expiring.addAll(drifting(api, claims, live, expiring, now, policy));
        // only when the policy follows a share: zero cost otherwise (and a share stored before it was off is dropped)
        Resources requested = policy.followsShare() ? api.workloadRequests() : null;
        Integer share = requested == null ? null : BufferSizing.share(requested, policy);
        UnaryOperator<Ledger> change = ledger -> {
            Ledger next = ledger.retainOnly(live, now).dropStale(now, policy.lookahead().plus(policy.cooldown()))
                    .withMeasuredShare(share, policy.baselineAt(now), now);
            for (AtRisk m : expiring) {
                AtRisk old = next.atRisk().get(m.node());
                // an expiry or drift already marked keeps its record, so a steady forecast is not a change
                if (old == null || !old.kind().equals(m.kind())) next = next.mark(m);
            }
            return next;
        };
        if (dryRun) {
            ClusterApi.BufferState state = api.readBuffer();
            BufferDecision d = BufferPlanner.decide(change.apply(state.ledger()), state.replicas(), policy, now,
                    cap(api.poolLimits(), state.replicas(), policy), requested);
            Ledger next = d.ledger(); // the planner keeps the surplus start in the ledger
            Set<String> labeledNow = api.labeledAtRisk();
            boolean strayLabels = labeledNow.stream().anyMatch(n -> live.contains(n) && !next.atRisk().containsKey(n));
            boolean missingLabels = next.atRisk().keySet().stream().anyMatch(n -> live.contains(n) && !labeledNow.contains(n));
            boolean write = d.changesReplicas() || !next.equals(state.ledger()) || strayLabels || missingLabels;
            return audit(cluster, "reconcile", null, d, next, write);
        }
        for (AtRisk m : expiring) api.labelAtRisk(m.node(), true);
        // the ledger the write replaced (the last one read), so no extra GET and no mark missed between two reads
        java.util.concurrent.atomic.AtomicReference<Ledger> replaced = new java.util.concurrent.atomic.AtomicReference<>(Ledger.EMPTY);
        BufferChange result = apply(cluster, api, policy, "reconcile", null, now, requested, changeKey, read -> {
            replaced.set(read);
            return change.apply(read);
        });
        Set<String> labeledNow = api.labeledAtRisk();
        Set<String> labeled = new java.util.TreeSet<>(replaced.get().atRisk().keySet());
        labeled.addAll(labeledNow); // also labels whose ledger write was refused: no entry ever held them
        for (String n : labeled) {
            // a stale mark (or a stray label) on a node that is still there: let buffer pods use it again
            if (live.contains(n) && !result.atRisk().contains(n)) api.labelAtRisk(n, false);
        }
        // and the other way round: a mark racing this reconcile may have had its fresh label removed just above before
        // its ledger write landed; every node the ledger holds gets its label back (at the latest on the next tick)
        for (String n : result.atRisk()) {
            if (live.contains(n) && !labeledNow.contains(n)) api.labelAtRisk(n, true);
        }
        return result;
    }

    /**
     * The drifted NodeClaims Karpenter replaces in its next wave ({@link DriftForecast}: per NodePool, as many as its
     * disruption budget allows, oldest drift first), as at-risk marks of kind {@code drift}, so the buffer grows before
     * each wave and, once the replaced nodes are gone and the cool-down passed, shrinks. A node already marked for
     * expiry keeps that mark. The replacement starts as soon as the budget admits it, so the deadline is the
     * look-ahead from now. The NodePools are read only when some claim is drifted.
     */
    private static List<AtRisk> drifting(ClusterApi api, List<ClusterApi.Claim> claims, Set<String> live, List<AtRisk> expiring,
                                         Instant now, BufferPolicy policy) {
        if (claims.stream().noneMatch(c -> c.driftedSince() != null)) return List.of();
        Set<String> expiringNodes = new java.util.HashSet<>();
        expiring.forEach(a -> expiringNodes.add(a.node()));
        Map<String, ClusterApi.Claim> byName = new java.util.HashMap<>();
        List<DriftForecast.Candidate> candidates = new ArrayList<>();
        for (ClusterApi.Claim c : claims) {
            byName.put(c.name(), c);
            candidates.add(new DriftForecast.Candidate(c.name(), c.nodeName(), c.nodePool(), c.driftedSince(), c.deleting()));
        }
        List<AtRisk> out = new ArrayList<>();
        for (DriftForecast.Candidate d : DriftForecast.nextWave(candidates, live, api.disruptionBudgets())) {
            if (expiringNodes.contains(d.node())) continue;
            ClusterApi.Claim c = byName.get(d.claim());
            out.add(new AtRisk(d.node(), c.instanceId(), DRIFT, now, now.plus(policy.lookahead()), PodView.demandOn(d.node(), api.podsOn(d.node()))));
        }
        return out;
    }

    /** @param requested the workload requests measured for this decision (reconcile with a share), for the reason; else null */
    private BufferChange apply(String cluster, ClusterApi api, BufferPolicy policy, String trigger, String node, Instant now,
                               Resources requested, String changeKey, UnaryOperator<Ledger> change) {
        BufferConflictException last = null;
        Optional<ClusterApi.PoolLimits> limits = api.poolLimits(); // read once: NodePool limits change rarely
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt > 1) backoff(attempt);
            ClusterApi.BufferState state = api.readBuffer();
            OptionalInt cap = cap(limits, state.replicas(), policy);
            BufferDecision d = BufferPlanner.decide(change.apply(state.ledger()), state.replicas(), policy, now, cap, requested);
            Ledger next = d.ledger(); // the planner keeps the surplus start in the ledger
            if (!d.changesReplicas() && next.equals(state.ledger())) {
                ClusterApi.LastChange done = state.lastChange();
                if (changeKey != null && done != null && changeKey.equals(done.key())) {
                    // This event's own write committed on an earlier attempt (then the step failed or its answer was lost),
                    // or the event was delivered twice: nothing changes now, but the output names the change it made and
                    // its Event is made sure of (recordChange is keyed, so it exists once).
                    api.recordChange(done);
                    return audit(cluster, trigger, node, d, next, false).withReason("no change now; this event's change ("
                            + (done.after() > done.before() ? "grow " : "shrink ") + done.before() + " -> " + done.after() + ": " + done.reason()
                            + ") was applied by an earlier attempt and is recorded");
                }
                return audit(cluster, trigger, node, d, next, false);
            }
            ClusterApi.LastChange made = d.changesReplicas()
                    ? new ClusterApi.LastChange(changeKey, trigger, d.replicasBefore(), d.replicasAfter(), d.reason()) : null;
            try {
                api.writeBuffer(state, d.replicasAfter(), next, made);
            } catch (BufferConflictException e) {
                last = e;
                continue;
            }
            if (made != null) api.recordChange(made);
            return audit(cluster, trigger, node, d, next, true);
        }
        // still the same condition, past this invocation's budget: the state machine retries the whole (idempotent) step
        throw new BufferConflictException("buffer of cluster " + cluster + " kept changing under " + MAX_ATTEMPTS + " attempts", last);
    }

    private static OptionalInt cap(Optional<ClusterApi.PoolLimits> limits, int replicas, BufferPolicy policy) {
        return limits.map(l -> BufferSizing.limitCap(l.limits(), l.used(), replicas, policy.chunk())).orElse(OptionalInt.empty());
    }

    /** Full jitter, capped: many writers on one object spread out instead of colliding again in lock-step. */
    private static void backoff(int attempt) {
        long capMillis = Math.min(200, 5L << Math.min(attempt, 6));
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(capMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a buffer write", e);
        }
    }

    private static BufferChange audit(String cluster, String trigger, String node, BufferDecision d, Ledger ledger, boolean written) {
        return new BufferChange(cluster, trigger, node, d.action().name().toLowerCase(Locale.ROOT), d.replicasBefore(),
                d.replicasAfter(), d.reason(), ledger.atRisk().keySet().stream().sorted().toList(), written);
    }
}
