package dev.nodeless.sim;

import dev.nodeless.buffer.PodView;
import dev.nodeless.buffer.Resources;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One strategy on one trace: a discrete-event simulation (events in a priority queue, no ticking). In order of a
 * disruption:
 * <ol>
 *   <li>a rebalance recommendation (maybe) and a spot warning, or Karpenter expiry, hit a node;</li>
 *   <li>{@link Karpenter} cordons and drains it at once; its pods become Pending (displaced);</li>
 *   <li>the {@link Scheduler} places each on free room, else preempts buffer pods, else it stays Pending;</li>
 *   <li>Karpenter batches Pending pods and launches nodes for them;</li>
 *   <li>the interrupted node is gone 2 min after the warning; an expired one after its pods' grace period.</li>
 * </ol>
 * The strategy hears of warnings and recommendations after the event latency, and runs its periodic loop.
 */
public final class Simulation implements ClusterView {

    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    static final long SPOT_NOTICE_MILLIS = 120_000;

    private final Trace trace;
    private final World w;
    private final Scheduler scheduler;
    private final Karpenter karpenter;
    private final Consolidation consolidation;
    private final long seed;
    private final List<Pod> bufferPods = new ArrayList<>();
    private int replicas;

    public Simulation(Scenario scenario, Trace trace, Strategy strategy, long seed) {
        this.trace = trace;
        this.w = new World(scenario, strategy);
        this.scheduler = new Scheduler(w);
        // Same stream for every strategy: the n-th launch of each strategy takes equally long.
        this.karpenter = new Karpenter(w, scheduler, Rng.of(seed, "node-ready"));
        scheduler.karpenter(karpenter);
        this.consolidation = new Consolidation(w, karpenter);
        this.seed = seed;
    }

    /** Runs to the horizon and returns the strategy's figures. */
    public Metrics run() {
        long started = System.nanoTime();
        Workload[][] deployments = Deployments.assign(trace.nodes(), w.scenario.workloads(), seed);
        for (int i = 0; i < trace.nodes().size(); i++) {
            Trace.InitialNode n = trace.nodes().get(i);
            Node node = karpenter.newNode(w.scenario.cluster().type(n.instanceType()), n.zone(), n.createdAt(), true);
            for (int j = 0; j < n.pods().size(); j++) {
                Workload d = deployments[i][j];
                d.notReady++;
                scheduler.bindRunning(new Pod(w.nextPodId++, false, n.pods().get(j), d), node);
            }
        }
        if (w.k.startConsolidated()) consolidation.settle(scheduler);
        w.metrics.nodesAtStart = w.live.size();
        setReplicas(w.strategy.start(this));
        if (!w.pendingBuffer.isEmpty()) karpenter.provisionWarm();
        if (w.strategy.periodMillis() > 0) w.at(w.strategy.periodMillis(), this::periodic);
        consolidation.start();
        for (Trace.Interruption i : trace.interruptions()) w.at(i.firstSignalAt(), () -> interruption(i));
        for (Trace.RebalanceOnly r : trace.falseAlarms()) w.at(r.at(), () -> falseAlarm(r));
        DriftWave drift = w.scenario.disruptions().drift();
        if (drift != null) w.at(Math.round(drift.atMinutes() * 60_000), () -> karpenter.drift(drift));
        w.runToHorizon();
        List<Pod> stillWaiting = new ArrayList<>(w.pendingWorkload);
        for (Node n : w.live) for (Pod p : n.pods) if (!p.buffer && !p.running) stillWaiting.add(p);
        w.metrics.finish(w.horizon, w.live, stillWaiting);
        w.metrics.wallNanos = System.nanoTime() - started;
        return w.metrics;
    }

    // ---- disruptions -------------------------------------------------------------------------------------------

    private void interruption(Trace.Interruption i) {
        if (i.preceded()) {
            Node n = pick(i.pool(), i.pick());
            if (n != null) {
                n.targeted = true;
                w.metrics.rebalances++;
                signal(new Signal(Signal.REBALANCE, n, w.now, i.warnAt()));
            }
            w.at(i.warnAt(), () -> {
                Node target = n != null && !n.gone && !n.cordoned ? n : pick(i.pool(), i.pick());
                warn(target, i.pool());
            });
        } else {
            warn(pick(i.pool(), i.pick()), i.pool());
        }
    }

    private void falseAlarm(Trace.RebalanceOnly r) {
        Node n = pick(r.pool(), r.pick());
        if (n == null) return;
        w.metrics.rebalances++;
        signal(new Signal(Signal.REBALANCE, n, w.now, w.now + SPOT_NOTICE_MILLIS));
    }

    private void warn(Node n, String pool) {
        karpenter.warned(pool);
        if (n == null) {
            w.metrics.missedWarnings++;
            return;
        }
        w.metrics.warnings++;
        signal(new Signal(Signal.SPOT, n, w.now, w.now + SPOT_NOTICE_MILLIS));
        karpenter.drain(n);
        w.at(w.now + SPOT_NOTICE_MILLIS, () -> karpenter.remove(n));
    }

    /** The pick-th (in id order) of the pool's nodes that are Ready and not yet hit. */
    Node pick(String pool, double pick) {
        List<Node> candidates = new ArrayList<>();
        for (Node n : w.live) if (n.pool.equals(pool) && n.schedulable() && !n.targeted) candidates.add(n);
        if (candidates.isEmpty()) return null;
        return candidates.get(Math.min(candidates.size() - 1, (int) (pick * candidates.size())));
    }

    private void signal(Signal s) {
        long latency = KarpenterParams.ms(w.scenario.maintenance().eventLatencySeconds());
        w.at(w.now + latency, () -> setReplicas(w.strategy.onSignal(s, this)));
    }

    // ---- the buffer -----------------------------------------------------------------------------------------------

    private void periodic() {
        setReplicas(w.strategy.onPeriod(this));
        w.at(w.now + w.strategy.periodMillis(), this::periodic);
    }

    /**
     * Which buffer pods a scale-down deletes first, as the ReplicaSet controller ranks them (kubernetes/kubernetes
     * pkg/controller/replicaset, {@code ActivePodsWithRanks}): unscheduled, then not yet running, then those whose node
     * holds more of the ReplicaSet's pods ("doubled up"), then the newest.
     */
    static final Comparator<Pod> SCALE_DOWN_ORDER = Comparator.comparing((Pod p) -> !p.pending())
            .thenComparing(p -> p.running).thenComparingInt(p -> p.node == null ? 0 : -p.node.bufferPods)
            .thenComparingInt(p -> -p.id);

    /** Scale the buffer as a Deployment (or CapacityBuffer) would. */
    private void setReplicas(int wanted) {
        if (w.strategy.mayHostChanged()) w.roomVersion++; // buffer pods may go where they could not
        if (wanted == replicas && bufferPods.size() == wanted) return;
        replicas = wanted;
        w.metrics.replicas(w.now, wanted);
        while (bufferPods.size() < wanted) {
            Pod p = new Pod(w.nextPodId++, true, w.strategy.chunk());
            bufferPods.add(p);
            scheduler.schedule(p);
        }
        if (bufferPods.size() > wanted) {
            List<Pod> order = new ArrayList<>(bufferPods);
            order.sort(SCALE_DOWN_ORDER);
            List<Node> touched = new ArrayList<>();
            for (Pod p : order.subList(0, bufferPods.size() - wanted)) {
                p.deleted = true;
                w.pendingBuffer.remove(p);
                p.clearNomination();
                if (p.node != null) touched.add(p.node);
                scheduler.unbind(p);
                bufferPods.remove(p);
            }
            for (Node n : touched) scheduler.retryPendingOn(n);
        }
    }

    // ---- ClusterView ----------------------------------------------------------------------------------------------

    @Override
    public long now() {
        return w.now;
    }

    @Override
    public Instant instant(long millis) {
        return EPOCH.plusMillis(millis);
    }

    @Override
    public List<Node> liveNodes() {
        return w.liveView;
    }

    @Override
    public List<PodView> podViews(Node node) {
        List<PodView> views = new ArrayList<>();
        for (Pod p : node.pods) {
            views.add(new PodView("default", (p.buffer ? "buffer-" : "app-") + p.id, node.name,
                    p.running ? "Running" : "Pending", false, false, p.buffer, p.requests));
        }
        if (w.now < node.terminatingUntil) {
            int i = 0;
            for (Resources r : node.terminating) {
                views.add(new PodView("default", "terminating-" + node.id + "-" + i++, node.name, "Running",
                        false, false, false, r));
            }
        }
        return views;
    }

    @Override
    public List<dev.nodeless.buffer.DriftForecast.Budget> disruptionBudgets() {
        DriftWave drift = w.scenario.disruptions().drift();
        return drift == null ? ClusterView.super.disruptionBudgets() : List.of(new dev.nodeless.buffer.DriftForecast.Budget(drift.nodes(), null, null));
    }

    @Override
    public long version() {
        return w.stateVersion;
    }

    @Override
    public int replicas() {
        return replicas;
    }
}
