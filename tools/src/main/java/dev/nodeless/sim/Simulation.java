package dev.nodeless.sim;

import dev.nodeless.buffer.PodView;
import dev.nodeless.buffer.Resources;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One strategy on one trace: a discrete-event simulation (events in a priority queue by time, then by insertion
 * order; no ticking). Models, in order of a disruption:
 * <ol>
 *   <li>a rebalance recommendation (maybe) and a spot warning, or Karpenter expiry, hit a node;</li>
 *   <li>Karpenter cordons and drains it at once; its pods become Pending (displaced);</li>
 *   <li>the scheduler places each on free room, else preempts buffer pods (priority -1), else it stays Pending;</li>
 *   <li>Karpenter batches Pending pods (1 s idle, 10 s max), launches nodes that fit them, Ready after a random delay;</li>
 *   <li>the interrupted node is gone 2 min after the warning; an expired one after its pods' grace period;</li>
 *   <li>empty nodes are consolidated after {@code consolidateAfter}.</li>
 * </ol>
 * Nodeless hears of warnings and recommendations after the event latency and reconciles periodically.
 */
public final class Simulation implements ClusterView {

    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    static final long SPOT_NOTICE_MILLIS = 120_000;

    private final Scenario scenario;
    private final Trace trace;
    private final Strategy strategy;
    private final KarpenterParams k;
    private final SplittableRandom readyLatency;
    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong(Event::at).thenComparingLong(Event::seq));
    private long seq;
    private long now;
    private final long horizon;

    private final List<Node> live = new ArrayList<>();
    private final List<Node> liveView = Collections.unmodifiableList(live);
    private final LinkedHashSet<Pod> pendingWorkload = new LinkedHashSet<>();
    private final LinkedHashSet<Pod> pendingBuffer = new LinkedHashSet<>();
    private final List<Pod> bufferPods = new ArrayList<>();
    private final Map<String, Long> lastWarningInPool = new HashMap<>();
    private int nextNodeId;
    private int nextPodId;
    private int zoneCursor;
    private int replicas;
    private int waiting;
    /** buffer pods bound to a node, to skip the preemption search when there are none */
    private int boundBuffer;

    private long batchStart = -1;
    private long lastPendingAt = -1;
    private long batchGeneration;

    private final Metrics metrics;

    private record Event(long at, long seq, Runnable action) {}

    public Simulation(Scenario scenario, Trace trace, Strategy strategy, long seed) {
        this.scenario = scenario;
        this.trace = trace;
        this.strategy = strategy;
        this.k = scenario.karpenter();
        this.horizon = scenario.horizonMillis();
        // Same stream for every strategy: the n-th launch of each strategy takes equally long.
        this.readyLatency = Rng.of(seed, "node-ready");
        this.metrics = new Metrics(strategy.name());
    }

    /** Runs to the horizon and returns the strategy's figures. */
    public Metrics run() {
        long started = System.nanoTime();
        for (Trace.InitialNode n : trace.nodes()) {
            Node node = newNode(scenario.cluster().type(n.instanceType()), n.zone(), n.createdAt(), true);
            for (Resources r : n.pods()) bind(new Pod(nextPodId++, false, r), node);
        }
        setReplicas(strategy.start(this));
        warmStartBuffer();
        if (strategy.periodMillis() > 0) at(strategy.periodMillis(), this::periodic);
        for (Trace.Interruption i : trace.interruptions()) at(i.firstSignalAt(), () -> interruption(i));
        for (Trace.RebalanceOnly r : trace.falseAlarms()) at(r.at(), () -> falseAlarm(r));
        while (!queue.isEmpty() && queue.peek().at() < horizon) {
            Event e = queue.poll();
            now = e.at();
            metrics.accrue(now);
            e.action().run();
        }
        now = horizon;
        List<Pod> stillWaiting = new ArrayList<>(pendingWorkload);
        for (Node n : live) for (Pod p : n.pods) if (!p.buffer && !p.running) stillWaiting.add(p);
        metrics.finish(horizon, live, stillWaiting);
        metrics.wallNanos = System.nanoTime() - started;
        return metrics;
    }

    // ---- disruptions -------------------------------------------------------------------------------------------

    private void interruption(Trace.Interruption i) {
        if (i.preceded()) {
            Node n = pick(i.pool(), i.pick());
            if (n != null) {
                n.targeted = true;
                metrics.rebalances++;
                signal(new Signal(Signal.REBALANCE, n, now, i.warnAt()));
            }
            at(i.warnAt(), () -> {
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
        metrics.rebalances++;
        signal(new Signal(Signal.REBALANCE, n, now, now + SPOT_NOTICE_MILLIS));
    }

    private void warn(Node n, String pool) {
        lastWarningInPool.put(pool, now);
        if (n == null) {
            metrics.missedWarnings++;
            return;
        }
        metrics.warnings++;
        signal(new Signal(Signal.SPOT, n, now, now + SPOT_NOTICE_MILLIS));
        drain(n);
        at(now + SPOT_NOTICE_MILLIS, () -> remove(n));
    }

    private void expire(Node n) {
        if (n.gone || n.cordoned) return;
        metrics.expiries++;
        drain(n);
        at(now + KarpenterParams.ms(k.terminationGraceSeconds()), () -> remove(n));
    }

    /** The pick-th (in id order) of the pool's nodes that are Ready and not yet hit. */
    Node pick(String pool, double pick) {
        List<Node> candidates = new ArrayList<>();
        for (Node n : live) if (n.pool.equals(pool) && n.schedulable() && !n.targeted) candidates.add(n);
        if (candidates.isEmpty()) return null;
        return candidates.get(Math.min(candidates.size() - 1, (int) (pick * candidates.size())));
    }

    private void signal(Signal s) {
        long latency = KarpenterParams.ms(scenario.maintenance().eventLatencySeconds());
        at(now + latency, () -> setReplicas(strategy.onSignal(s, this)));
    }

    // ---- Karpenter: drain, provision, ready, consolidate ----------------------------------------------------------

    /** Cordon and evict everything at once (Karpenter's interruption and expiry handling). */
    private void drain(Node n) {
        n.cordoned = true;
        List<Pod> evicted = new ArrayList<>(n.pods);
        n.terminating.clear();
        for (Pod p : evicted) {
            unbind(p);
            if (!p.buffer) {
                n.terminating.add(p.requests);
                if (p.displacedAt < 0) { // a pod still starting after a preemption keeps its first wait
                    p.displacedAt = now;
                    waiting++;
                }
                metrics.displaced++;
            }
        }
        n.terminatingUntil = now + KarpenterParams.ms(k.terminationGraceSeconds());
        for (Pod p : evicted) schedule(p);
        metrics.pending(now, pendingCount());
    }

    private void remove(Node n) {
        if (n.gone) return;
        n.gone = true;
        live.remove(n);
        metrics.nodeGone(n, now);
    }

    /** Karpenter's provisioning pass over pods Pending and not nominated to a launching node. */
    private void provision() {
        List<Pod> pods = new ArrayList<>();
        for (Pod p : pendingWorkload) if (p.nominatedTo == null) pods.add(p);
        for (Pod p : pendingBuffer) if (p.nominatedTo == null) pods.add(p);
        if (pods.isEmpty()) return;
        pods.sort(Comparator.comparingLong((Pod p) -> -p.requests.milliCpu()).thenComparingInt(p -> p.id));
        List<Node> inFlight = new ArrayList<>();
        for (Node n : live) if (!n.ready) inFlight.add(n);
        List<List<Pod>> bins = new ArrayList<>();
        List<Resources> binUse = new ArrayList<>();
        Resources max = Allocatable.of(largestType(), scenario.cluster());
        outer:
        for (Pod p : pods) {
            for (Node n : inFlight) {
                if (n.fitsNominal(p.requests)) {
                    nominate(p, n);
                    continue outer;
                }
            }
            for (int b = 0; b < bins.size(); b++) {
                Resources use = binUse.get(b).plus(p.requests);
                if (use.milliCpu() <= max.milliCpu() && use.memoryBytes() <= max.memoryBytes()) {
                    bins.get(b).add(p);
                    binUse.set(b, use);
                    continue outer;
                }
            }
            if (p.requests.milliCpu() > max.milliCpu() || p.requests.memoryBytes() > max.memoryBytes()) {
                continue; // fits no instance type: stays Pending for ever, as in Karpenter
            }
            bins.add(new ArrayList<>(List.of(p)));
            binUse.add(p.requests);
        }
        for (int b = 0; b < bins.size(); b++) {
            InstanceType type = smallestFitting(binUse.get(b));
            Node n = newNode(type, nextZone(type), now, false);
            for (Pod p : bins.get(b)) nominate(p, n);
        }
    }

    private void nominate(Pod p, Node n) {
        p.nominatedTo = n;
        n.nominated.add(p);
        n.nominalCpu -= p.requests.milliCpu();
        n.nominalMem -= p.requests.memoryBytes();
    }

    private void ready(Node n) {
        if (n.gone || n.ready) return;
        n.ready = true;
        for (Pod p : new ArrayList<>(n.nominated)) {
            if (p.pending() && n.fits(p.requests) && (!p.buffer || strategy.mayHost(n))) bind(p, n);
        }
        for (Pod p : n.nominated) p.nominatedTo = null;
        n.nominated.clear();
        retryPendingOn(n);
        if (hasUnnominatedPending()) pendingChanged();
        checkEmpty(n);
        metrics.pending(now, pendingCount());
    }

    private void checkEmpty(Node n) {
        if (!n.pods.isEmpty() || !n.schedulable()) {
            n.emptySince = -1;
            return;
        }
        if (n.emptySince >= 0) return;
        n.emptySince = now;
        long since = now;
        at(now + KarpenterParams.ms(k.consolidateAfterSeconds()), () -> {
            if (n.emptySince == since && n.pods.isEmpty() && n.schedulable()) {
                metrics.consolidated++;
                remove(n);
            }
        });
    }

    private Node newNode(InstanceType type, String zone, long createdAt, boolean readyNow) {
        long expiresAt = createdAt + scenario.cluster().expireAfterMillis();
        Node n = new Node(nextNodeId++, type, zone, createdAt, expiresAt, Allocatable.of(type, scenario.cluster()));
        live.add(n);
        metrics.nodeStarted(n, Math.max(0, createdAt));
        if (readyNow) {
            n.ready = true;
        } else {
            metrics.launched++;
            double seconds = Rng.logNormal(readyLatency, k.nodeReadyMedianSeconds(), k.nodeReadyP90Seconds());
            at(now + Math.round(seconds * 1000), () -> ready(n));
        }
        if (expiresAt < horizon) at(Math.max(expiresAt, now), () -> expire(n));
        return n;
    }

    private InstanceType largestType() {
        return scenario.cluster().instanceTypes().stream().max(Comparator.comparingInt(InstanceType::vcpu)).orElseThrow();
    }

    private InstanceType smallestFitting(Resources use) {
        return scenario.cluster().instanceTypes().stream()
                .filter(t -> {
                    Resources a = Allocatable.of(t, scenario.cluster());
                    return use.milliCpu() <= a.milliCpu() && use.memoryBytes() <= a.memoryBytes();
                })
                .min(Comparator.comparingInt(InstanceType::vcpu).thenComparingDouble(InstanceType::spotPricePerHour))
                .orElse(largestType());
    }

    /** Zones in turn, skipping pools that had a warning within hotPoolMinutes (unless all of them did). */
    private String nextZone(InstanceType type) {
        List<String> zones = scenario.cluster().zones();
        long hot = Math.round(k.hotPoolMinutes() * 60_000);
        for (int i = 0; i < zones.size(); i++) {
            String zone = zones.get((zoneCursor + i) % zones.size());
            Long last = lastWarningInPool.get(type.name() + "/" + zone);
            if (last == null || now - last >= hot) {
                zoneCursor = (zoneCursor + i + 1) % zones.size();
                return zone;
            }
        }
        String zone = zones.get(zoneCursor);
        zoneCursor = (zoneCursor + 1) % zones.size();
        return zone;
    }

    // ---- kube-scheduler ------------------------------------------------------------------------------------------

    /** Place a Pending pod: free room (most free CPU first), else preempt buffer pods, else wait for Karpenter. */
    private void schedule(Pod p) {
        Node best = null;
        for (Node n : live) {
            if (!n.schedulable() || !n.fits(p.requests) || (p.buffer && !strategy.mayHost(n))) continue;
            if (best == null || n.freeCpu > best.freeCpu) best = n;
        }
        if (best != null) {
            bind(p, best);
            return;
        }
        if (!p.buffer && preempt(p)) return;
        (p.buffer ? pendingBuffer : pendingWorkload).add(p);
        pendingChanged();
    }

    /** The node needing the fewest buffer victims; they go Pending, the pod starts after the preemption delay. */
    private boolean preempt(Pod p) {
        if (boundBuffer == 0) return false;
        Node best = null;
        int fewest = Integer.MAX_VALUE;
        for (Node n : live) {
            if (!n.schedulable() || n.bufferPods == 0
                    || n.freeCpu + n.bufferCpu < p.requests.milliCpu() || n.freeMem + n.bufferMem < p.requests.memoryBytes()) {
                continue;
            }
            long cpu = n.freeCpu, mem = n.freeMem;
            int victims = 0;
            for (Pod b : n.pods) {
                if (cpu >= p.requests.milliCpu() && mem >= p.requests.memoryBytes()) break;
                if (!b.buffer) continue;
                cpu += b.requests.milliCpu();
                mem += b.requests.memoryBytes();
                victims++;
            }
            if (cpu >= p.requests.milliCpu() && mem >= p.requests.memoryBytes() && victims > 0 && victims < fewest) {
                best = n;
                fewest = victims;
            }
        }
        if (best == null) return false;
        List<Pod> evicted = new ArrayList<>();
        for (Pod b : new ArrayList<>(best.pods)) {
            if (best.fits(p.requests)) break;
            if (!b.buffer) continue;
            unbind(b);
            evicted.add(b);
        }
        metrics.preemptions += evicted.size();
        long delay = strategy.virtual() ? 0 : KarpenterParams.ms(k.preemptionSeconds());
        reserve(p, best);
        if (delay == 0) {
            start(p);
        } else {
            int reservation = p.reservation;
            at(now + delay, () -> {
                if (p.reservation == reservation) start(p);
            });
        }
        for (Pod b : evicted) schedule(b);
        return true;
    }

    private void retryPendingOn(Node n) {
        for (Pod p : new ArrayList<>(pendingWorkload)) if (n.schedulable() && n.fits(p.requests)) bind(p, n);
        if (!strategy.mayHost(n)) return;
        for (Pod p : new ArrayList<>(pendingBuffer)) if (n.schedulable() && n.fits(p.requests)) bind(p, n);
    }

    private void bind(Pod p, Node n) {
        reserve(p, n);
        start(p);
    }

    /** Assign the pod to the node and take its room (it may start later, after preemption). */
    private void reserve(Pod p, Node n) {
        pendingWorkload.remove(p);
        pendingBuffer.remove(p);
        if (p.nominatedTo != null) {
            p.nominatedTo.nominated.remove(p);
            p.nominatedTo.nominalCpu += p.requests.milliCpu();
            p.nominatedTo.nominalMem += p.requests.memoryBytes();
            p.nominatedTo = null;
        }
        p.node = n;
        p.reservation++;
        n.pods.add(p);
        if (p.buffer) {
            boundBuffer++;
            n.bufferPods++;
            n.bufferCpu += p.requests.milliCpu();
            n.bufferMem += p.requests.memoryBytes();
        }
        n.freeCpu -= p.requests.milliCpu();
        n.freeMem -= p.requests.memoryBytes();
        n.emptySince = -1;
    }

    private void start(Pod p) {
        if (p.node == null || p.running) return;
        p.running = true;
        if (p.buffer) {
            metrics.bufferStarted(p, now);
        } else if (p.displacedAt >= 0) {
            metrics.waited(now - p.displacedAt);
            p.displacedAt = -1;
            waiting--;
            metrics.pending(now, pendingCount());
        }
    }

    private void unbind(Pod p) {
        Node n = p.node;
        if (n == null) return;
        if (p.buffer && p.running) metrics.bufferStopped(p, now);
        p.running = false;
        n.pods.remove(p);
        if (p.buffer) {
            boundBuffer--;
            n.bufferPods--;
            n.bufferCpu -= p.requests.milliCpu();
            n.bufferMem -= p.requests.memoryBytes();
        }
        n.freeCpu += p.requests.milliCpu();
        n.freeMem += p.requests.memoryBytes();
        p.node = null;
    }

    private void pendingChanged() {
        lastPendingAt = now;
        if (batchStart < 0) {
            batchStart = now;
            long gen = ++batchGeneration;
            at(now + KarpenterParams.ms(k.batchIdleSeconds()), () -> batchCheck(gen));
        }
    }

    private void batchCheck(long gen) {
        if (gen != batchGeneration || batchStart < 0) return;
        long idleEnd = lastPendingAt + KarpenterParams.ms(k.batchIdleSeconds());
        long maxEnd = batchStart + KarpenterParams.ms(k.batchMaxSeconds());
        if (now < idleEnd && now < maxEnd) {
            at(Math.min(idleEnd, maxEnd), () -> batchCheck(gen));
            return;
        }
        batchStart = -1;
        provision();
    }

    private boolean hasUnnominatedPending() {
        for (Pod p : pendingWorkload) if (p.nominatedTo == null) return true;
        for (Pod p : pendingBuffer) if (p.nominatedTo == null) return true;
        return false;
    }

    /** Displaced workload pods not running yet (Pending, or bound and waiting for a preempted pod to exit). */
    private int pendingCount() {
        return waiting;
    }

    // ---- the buffer -----------------------------------------------------------------------------------------------

    private void periodic() {
        setReplicas(strategy.onPeriod(this));
        at(now + strategy.periodMillis(), this::periodic);
    }

    private void setReplicas(int wanted) {
        if (wanted == replicas && bufferPods.size() == wanted) return;
        replicas = wanted;
        metrics.replicas(now, wanted);
        while (bufferPods.size() < wanted) {
            Pod p = new Pod(nextPodId++, true, strategy.chunk());
            bufferPods.add(p);
            schedule(p);
        }
        if (bufferPods.size() > wanted) {
            // A ReplicaSet scales down unscheduled pods first, then the newest.
            List<Pod> order = new ArrayList<>(bufferPods);
            order.sort(Comparator.comparing((Pod p) -> !p.pending()).thenComparingInt(p -> -p.id));
            List<Node> touched = new ArrayList<>();
            for (Pod p : order.subList(0, bufferPods.size() - wanted)) {
                p.deleted = true;
                pendingBuffer.remove(p);
                if (p.nominatedTo != null) {
                    p.nominatedTo.nominated.remove(p);
                    p.nominatedTo.nominalCpu += p.requests.milliCpu();
                    p.nominatedTo.nominalMem += p.requests.memoryBytes();
                    p.nominatedTo = null;
                }
                if (p.node != null) touched.add(p.node);
                unbind(p);
                bufferPods.remove(p);
            }
            for (Node n : touched) {
                retryPendingOn(n);
                checkEmpty(n);
            }
        }
    }

    /** At time zero the buffer is already in place: its pods get nodes that are Ready at once (not counted). */
    private void warmStartBuffer() {
        List<Pod> waiting = new ArrayList<>(pendingBuffer);
        if (waiting.isEmpty()) return;
        batchStart = -1;
        batchGeneration++;
        provision();
        for (Node n : new ArrayList<>(live)) {
            if (!n.ready && !n.nominated.isEmpty()) {
                metrics.launched--;
                ready(n);
            }
        }
    }

    // ---- ClusterView ----------------------------------------------------------------------------------------------

    @Override
    public long now() {
        return now;
    }

    @Override
    public Instant instant(long millis) {
        return EPOCH.plusMillis(millis);
    }

    @Override
    public List<Node> liveNodes() {
        return liveView;
    }

    @Override
    public List<PodView> podViews(Node node) {
        List<PodView> views = new ArrayList<>();
        for (Pod p : node.pods) {
            views.add(new PodView("default", (p.buffer ? "buffer-" : "app-") + p.id, node.name,
                    p.running ? "Running" : "Pending", false, false, p.buffer, p.requests));
        }
        if (now < node.terminatingUntil) {
            int i = 0;
            for (Resources r : node.terminating) {
                views.add(new PodView("default", "terminating-" + node.id + "-" + i++, node.name, "Running",
                        false, false, false, r));
            }
        }
        return views;
    }

    @Override
    public int replicas() {
        return replicas;
    }

    private void at(long time, Runnable action) {
        queue.add(new Event(time, seq++, action));
    }
}
