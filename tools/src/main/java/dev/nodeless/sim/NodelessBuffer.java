package dev.nodeless.sim;

import dev.nodeless.buffer.AtRisk;
import dev.nodeless.buffer.BufferDecision;
import dev.nodeless.buffer.BufferPlanner;
import dev.nodeless.buffer.BufferPolicy;
import dev.nodeless.buffer.Ledger;
import dev.nodeless.buffer.PodView;
import dev.nodeless.buffer.Resources;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Nodeless: the production {@link BufferPlanner}, {@link Ledger} and {@link BufferPolicy} (not a copy), fed with what
 * the EventBridge rules deliver (spot warnings, rebalance recommendations) and with what the 5-minute reconcile does
 * (drop marks of nodes that are gone or past their deadline, forecast Karpenter expiry within the look-ahead).
 * Demand is measured with {@link PodView#demandOn} from the pods the API lists on the node when the event is handled.
 */
final class NodelessBuffer implements Strategy {
    private final BufferPolicy policy;
    private final long reconcileMillis;
    private final long rebalanceHoldMillis;
    private Ledger ledger = Ledger.EMPTY;
    private int replicas;
    private BufferDecision last;

    NodelessBuffer(StrategyParams.Nodeless p, MaintenanceParams m) {
        this.policy = new BufferPolicy(p.baseline(), p.maxReplicas(), Resources.of(p.cpu(), p.memory()),
                Duration.ofMillis(Math.round(p.cooldownMinutes() * 60_000)),
                Duration.ofMillis(Math.round(p.lookaheadMinutes() * 60_000)));
        this.reconcileMillis = Math.round(m.reconcileMinutes() * 60_000);
        this.rebalanceHoldMillis = Math.round(p.rebalanceHoldMinutes() * 60_000);
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
        Set<String> keep = new LinkedHashSet<>();
        for (Node n : view.liveNodes()) {
            AtRisk mark = ledger.atRisk().get(n.name);
            boolean stale = mark != null && mark.deadline() != null && view.instant(now).isAfter(mark.deadline());
            if (!stale) keep.add(n.name);
        }
        ledger = ledger.retainOnly(keep, view.instant(now));
        long horizon = now + policy.lookahead().toMillis();
        for (Node n : view.liveNodes()) {
            if (n.gone || n.cordoned || n.expiresAt > horizon) continue;
            mark(view, n, "expiry", n.expiresAt);
        }
        return decide(view);
    }

    @Override
    public int onSignal(Signal signal, ClusterView view) {
        if (signal.node().gone) return replicas; // resolveTarget finds no node: ignored
        long deadline = Signal.REBALANCE.equals(signal.kind()) ? signal.at() + rebalanceHoldMillis : signal.deadline();
        mark(view, signal.node(), signal.kind(), deadline);
        return decide(view);
    }

    @Override
    public boolean mayHost(Node node) {
        return !ledger.atRisk().containsKey(node.name);
    }

    Ledger ledger() {
        return ledger;
    }

    BufferDecision lastDecision() {
        return last;
    }

    private void mark(ClusterView view, Node n, String kind, long deadline) {
        Resources demand = PodView.demandOn(n.name, view.podViews(n));
        ledger = ledger.mark(new AtRisk(n.name, n.instanceId, kind, view.instant(view.now()), view.instant(deadline), demand));
    }

    private int decide(ClusterView view) {
        last = BufferPlanner.decide(ledger, replicas, policy, view.instant(view.now()), OptionalInt.empty());
        ledger = last.ledger();
        replicas = last.replicasAfter();
        return replicas;
    }
}
