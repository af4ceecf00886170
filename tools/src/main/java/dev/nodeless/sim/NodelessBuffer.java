package dev.nodeless.sim;

import dev.nodeless.buffer.AtRisk;
import dev.nodeless.buffer.BufferDecision;
import dev.nodeless.buffer.BufferPlanner;
import dev.nodeless.buffer.BufferPolicy;
import dev.nodeless.buffer.DriftForecast;
import dev.nodeless.buffer.Ledger;
import dev.nodeless.buffer.PodView;
import dev.nodeless.buffer.Resources;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Nodeless: the production {@link BufferPlanner}, {@link Ledger} and {@link BufferPolicy} (not a copy), fed with what
 * the EventBridge rules deliver and what the scheduled reconcile does, with the semantics of the maintenance
 * service ({@code BufferService}: marks and reconcile):
 * <ul>
 *   <li>spot warning: kind {@code spot-interruption}, deadline warning + 2 min;</li>
 *   <li>rebalance recommendation: kind {@code rebalance}, no deadline (grow only);</li>
 *   <li>reconcile every 5 min: forget nodes that are gone, and marks {@code lookahead + cooldown} past their deadline
 *       (or past their mark time when they have none); mark nodes Karpenter expires within the look-ahead (a node
 *       already marked for expiry keeps its mark); mark the drifted nodes Karpenter replaces next, as many as the
 *       NodePool's budget allows ({@link DriftForecast}, the production code), deadline the look-ahead; decide.</li>
 * </ul>
 * Demand is measured with {@link PodView#demandOn} from the pods the API lists on the node when the event is handled.
 * The instance state-change events that follow a termination are not fed: the Node is gone by then, so the
 * maintenance loop ignores them.
 */
final class NodelessBuffer implements Strategy {
    private final BufferPolicy policy;
    private final long reconcileMillis;
    private final boolean virtual;
    private Ledger ledger = Ledger.EMPTY;
    private int replicas;
    private BufferDecision last;
    private Set<String> hostedWith = Set.of();

    static final String EXPIRY = "expiry";
    static final String DRIFT = "drift";

    NodelessBuffer(StrategyParams.Nodeless p, MaintenanceParams m) {
        this.policy = new BufferPolicy(p.baseline(), p.maxReplicas(), Resources.of(p.cpu(), p.memory()),
                Duration.ofMillis(Math.round(p.cooldownMinutes() * 60_000)),
                Duration.ofMillis(Math.round(p.lookaheadMinutes() * 60_000)));
        this.reconcileMillis = Math.round(m.reconcileMinutes() * 60_000);
        this.virtual = p.backend().equals(dev.nodeless.spec.ClusterSpec.Buffer.CAPACITY_BUFFER);
    }

    /** The capacity-buffer backend: Karpenter's virtual pods, which a real pod takes without preemption. */
    @Override
    public boolean virtual() {
        return virtual;
    }

    @Override
    public String name() {
        return "nodeless";
    }

    @Override
    public Resources chunk() {
        return policy.chunk();
    }

    @Override
    public int start(ClusterView view) {
        replicas = policy.baseline();
        return onPeriod(view);
    }

    @Override
    public long periodMillis() {
        return reconcileMillis;
    }

    /** The scheduled reconcile: heal, forget stale marks, forecast expiry, decide. */
    @Override
    public int onPeriod(ClusterView view) {
        long now = view.now();
        Duration staleAfter = policy.lookahead().plus(policy.cooldown());
        Set<String> keep = new LinkedHashSet<>();
        for (Node n : view.liveNodes()) {
            AtRisk mark = ledger.atRisk().get(n.name);
            boolean stale = mark != null
                    && view.instant(now).isAfter((mark.deadline() != null ? mark.deadline() : mark.markedAt()).plus(staleAfter));
            if (!stale) keep.add(n.name);
        }
        ledger = ledger.retainOnly(keep, view.instant(now));
        long horizon = now + policy.lookahead().toMillis();
        for (Node n : view.liveNodes()) {
            if (n.gone || n.expiresAt > horizon) continue;
            AtRisk old = ledger.atRisk().get(n.name);
            if (old == null || !old.kind().equals(EXPIRY)) mark(view, n, EXPIRY, n.expiresAt);
        }
        markDriftWave(view, now);
        return decide(view);
    }

    private void markDriftWave(ClusterView view, long now) {
        boolean anyDrifted = false; // the usual case, without a drift, needs no candidate list
        for (Node n : view.liveNodes()) anyDrifted |= !n.gone && n.ready && n.driftedAt >= 0;
        if (!anyDrifted) return;
        List<DriftForecast.Candidate> claims = new ArrayList<>();
        Set<String> live = new LinkedHashSet<>();
        for (Node n : view.liveNodes()) {
            if (n.gone || !n.ready) continue; // a launching node has no NodeClaim a drift could concern yet
            live.add(n.name);
            claims.add(new DriftForecast.Candidate(n.name, n.name, "default", n.driftedAt < 0 ? null : view.instant(n.driftedAt), n.cordoned));
        }
        if (claims.stream().noneMatch(c -> c.driftedSince() != null)) return;
        for (DriftForecast.Candidate c : DriftForecast.nextWave(claims, live, Map.of("default", view.disruptionBudgets()))) {
            Node n = view.liveNodes().stream().filter(x -> x.name.equals(c.node())).findFirst().orElseThrow();
            AtRisk old = ledger.atRisk().get(n.name);
            if (old == null) mark(view, n, DRIFT, now + policy.lookahead().toMillis());
        }
    }

    @Override
    public int onSignal(Signal signal, ClusterView view) {
        if (signal.node().gone) return replicas; // the instance resolves to no Node: ignored
        Instant deadline = Signal.REBALANCE.equals(signal.kind()) ? null : view.instant(signal.deadline());
        mark(view, signal.node(), signal.kind(), deadline);
        return decide(view);
    }

    @Override
    public boolean mayHost(Node node) {
        return !ledger.atRisk().containsKey(node.name);
    }

    @Override
    public boolean mayHostChanged() {
        boolean changed = !ledger.atRisk().keySet().equals(hostedWith);
        hostedWith = java.util.Set.copyOf(ledger.atRisk().keySet());
        return changed;
    }

    Ledger ledger() {
        return ledger;
    }

    BufferDecision lastDecision() {
        return last;
    }

    private void mark(ClusterView view, Node n, String kind, long deadline) {
        mark(view, n, kind, view.instant(deadline));
    }

    private void mark(ClusterView view, Node n, String kind, Instant deadline) {
        Resources demand = PodView.demandOn(n.name, view.podViews(n));
        ledger = ledger.mark(new AtRisk(n.name, n.instanceId(), kind, view.instant(view.now()), deadline, demand));
    }

    private int decide(ClusterView view) {
        last = BufferPlanner.decide(ledger, replicas, policy, view.instant(view.now()), OptionalInt.empty());
        ledger = last.ledger();
        replicas = last.replicasAfter();
        return replicas;
    }
}
