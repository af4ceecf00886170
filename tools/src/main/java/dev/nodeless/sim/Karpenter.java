package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

import dev.nodeless.buffer.DriftForecast;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Karpenter's part:
 * <ol>
 *   <li>on a spot warning or expiry, cordon and drain ({@link #drain}); consolidation is {@link Consolidation};</li>
 *   <li>batch Pending pods (idle 1 s, at most 10 s), nominate them to launching nodes with room, pack the rest
 *       first-fit-decreasing into new nodes of the smallest type that holds each bin;</li>
 *   <li>a new node is Ready after a log-normal delay; its nominated pods bind first;</li>
 * </ol>
 */
final class Karpenter {
    private final World w;
    private final Scheduler scheduler;
    private final SplittableRandom readyLatency;
    private final Map<String, Long> lastWarningInPool = new HashMap<>();
    private int zoneCursor;
    private long batchStart = -1;
    private long lastPendingAt = -1;
    private long batchGeneration;

    Karpenter(World w, Scheduler scheduler, SplittableRandom readyLatency) {
        this.w = w;
        this.scheduler = scheduler;
        this.readyLatency = readyLatency;
    }

    void warned(String pool) {
        lastWarningInPool.put(pool, w.now);
    }

    /** Delay between eviction attempts a PodDisruptionBudget refused (the termination controller's retry). */
    static final long EVICTION_RETRY_MILLIS = 5_000;

    /**
     * Cordon and drain (Karpenter v1's termination controller, {@code node/termination/terminator}): every pod the
     * eviction API admits now is evicted, buffer pods at once (no budget covers them); pods a PodDisruptionBudget or
     * {@code karpenter.sh/do-not-disrupt} holds are tried again every few seconds, and deleted when the NodeClaim's
     * {@code terminationGracePeriod} (if any) is over. The node goes a pod grace period after its last pod left.
     * Karpenter's provisioner counts the pods still on a draining node as pods to schedule, so their replacements
     * are launched before they are evicted.
     */
    void drain(Node n) {
        n.cordoned = true;
        n.draining = true;
        w.stateVersion++;
        n.terminating.clear();
        Double grace = w.k.nodeTerminationGraceSeconds();
        if (grace != null) w.at(w.now + KarpenterParams.ms(grace), () -> evict(n, true));
        evict(n, false);
        if (!n.pods.isEmpty()) pendingChanged();
    }

    private void evict(Node n, boolean force) {
        if (n.gone || !n.draining) return;
        List<Pod> evicted = new ArrayList<>();
        for (Pod p : new ArrayList<>(n.pods)) {
            if (!force && !p.buffer && (p.doNotDisrupt() || (p.running && !p.workload.mayEvict()))) continue;
            displace(n, p);
            evicted.add(p);
        }
        if (evicted.stream().anyMatch(p -> !p.buffer)) n.terminatingUntil = w.now + KarpenterParams.ms(w.k.terminationGraceSeconds());
        for (Pod p : evicted) scheduler.schedule(p);
        w.metrics.pending(w.now, w.waiting);
        if (n.pods.isEmpty()) {
            if (!n.removalScheduled) {
                n.removalScheduled = true;
                w.at(Math.max(w.now, n.terminatingUntil), () -> remove(n));
            }
        } else if (!force) {
            w.at(w.now + EVICTION_RETRY_MILLIS, () -> evict(n, false));
        }
    }

    /** Take a pod off a node that is drained or gone; a workload pod waits from now until it runs again. */
    private void displace(Node n, Pod p) {
        scheduler.unbind(p);
        if (p.buffer) return;
        n.terminating.add(p.requests);
        if (p.displacedAt < 0) { // a pod still starting after a preemption keeps its first wait
            p.displacedAt = w.now;
            p.displacedByConsolidation = n.consolidating;
            w.waiting++;
        }
        w.metrics.displaced++;
    }

    /** The instance is gone: pods still on it (an interruption's deadline came first) are killed. */
    void remove(Node n) {
        if (n.gone) return;
        List<Pod> killed = new ArrayList<>(n.pods);
        for (Pod p : killed) displace(n, p);
        n.gone = true;
        w.live.remove(n);
        w.stateVersion++;
        w.metrics.nodeGone(n, w.now);
        for (Pod p : killed) scheduler.schedule(p);
        if (!killed.isEmpty()) w.metrics.pending(w.now, w.waiting);
    }

    /** A pod went Pending without a launching node to go to: open or extend the batch. */
    void pendingChanged() {
        lastPendingAt = w.now;
        if (batchStart < 0) {
            batchStart = w.now;
            long gen = ++batchGeneration;
            w.at(w.now + KarpenterParams.ms(w.k.batchIdleSeconds()), () -> batchCheck(gen));
        }
    }

    private void batchCheck(long gen) {
        if (gen != batchGeneration || batchStart < 0) return;
        long idleEnd = lastPendingAt + KarpenterParams.ms(w.k.batchIdleSeconds());
        long maxEnd = batchStart + KarpenterParams.ms(w.k.batchMaxSeconds());
        if (w.now < idleEnd && w.now < maxEnd) {
            w.at(Math.min(idleEnd, maxEnd), () -> batchCheck(gen));
            return;
        }
        batchStart = -1;
        provision();
    }

    /** Provision now, for the buffer that is in place at time zero: its nodes are Ready at once and not counted. */
    void provisionWarm() {
        batchStart = -1;
        batchGeneration++;
        provision();
        for (Node n : new ArrayList<>(w.live)) {
            if (!n.ready && !n.nominated.isEmpty()) {
                w.metrics.launched--;
                ready(n);
            }
        }
    }

    /** Karpenter's provisioning pass over pods Pending and not nominated to a launching node. */
    private void provision() {
        List<Pod> pods = new ArrayList<>();
        for (Pod p : w.pendingWorkload) if (p.nominatedTo == null) pods.add(p);
        for (Pod p : w.pendingBuffer) if (p.nominatedTo == null) pods.add(p);
        for (Node n : w.live) {
            if (!n.draining || n.gone) continue;
            for (Pod p : n.pods) if (p.nominatedTo == null) pods.add(p);
        }
        if (pods.isEmpty()) return;
        pods.sort(Comparator.comparingLong((Pod p) -> -p.requests.milliCpu()).thenComparingInt(p -> p.id));
        List<Node> inFlight = new ArrayList<>();
        for (Node n : w.live) if (!n.ready) inFlight.add(n);
        List<List<Pod>> bins = new ArrayList<>();
        List<Resources> binUse = new ArrayList<>();
        Resources max = Allocatable.of(largestType(), w.scenario.cluster());
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
            Node n = newNode(type, nextZone(type), w.now, false);
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
        w.indexReady(n);
        n.lastPodEventAt = w.now;
        w.stateVersion++;
        for (Pod p : new ArrayList<>(n.nominated)) {
            if (p.pending() && n.fits(p.requests) && (!p.buffer || w.strategy.mayHost(n))) scheduler.bind(p, n);
        }
        for (Pod p : n.nominated) p.nominatedTo = null;
        n.nominated.clear();
        scheduler.retryPendingOn(n);
        if (w.hasUnnominatedPending()) pendingChanged();
        w.roomGrew(n);
        w.metrics.pending(w.now, w.waiting);
    }

    // ---- drift (a control-plane upgrade): the NodePool budget bounds how many nodes are replaced at once --------------

    static final long DRIFT_LOOP_MILLIS = 10_000;

    /** Every node that exists now is Drifted; Karpenter's disruption loop replaces them from now on. */
    void drift(DriftWave d) {
        for (Node n : w.live) if (!n.gone && !n.cordoned) n.driftedAt = w.now;
        driftLoop(List.of(new DriftForecast.Budget(d.nodes(), null, null)));
    }

    /**
     * One pass of Karpenter's drift method: candidates in progress (replacement launching, or draining) use the budget;
     * the rest, oldest drift first, start while it has room: launch a replacement for the candidate's pods, and drain
     * the candidate once that is Ready (Karpenter's pre-spin). A candidate with no pods is removed at once.
     */
    private void driftLoop(List<DriftForecast.Budget> budgets) {
        int total = 0;
        int disrupting = 0;
        List<Node> waiting = new ArrayList<>();
        for (Node n : new ArrayList<>(w.live)) {
            if (n.gone) continue;
            if (n.driftReplacement != null && n.driftReplacement.gone && !n.cordoned) n.driftReplacement = null; // lost: start again
            if (n.driftReplacement != null || n.cordoned) {
                disrupting++;
                if (!n.cordoned && n.driftReplacement.ready) drain(n); // gone when drained (drain)
            } else if (n.ready) {
                total++;
                if (n.driftedAt >= 0) waiting.add(n);
            }
        }
        long room = (long) DriftForecast.allowed(budgets, total) - disrupting;
        for (Node n : waiting) { // w.live is in id order and all drifted at once: oldest drift, then lowest id, first
            if (room-- <= 0) break;
            Resources use = Resources.ZERO;
            for (Pod p : n.pods) use = use.plus(p.requests);
            if (n.pods.isEmpty()) {
                n.cordoned = true;
                remove(n);
                continue;
            }
            InstanceType type = smallestFitting(use);
            n.driftReplacement = newNode(type, nextZone(type), w.now, false);
        }
        boolean left = w.live.stream().anyMatch(n -> !n.gone && (n.driftedAt >= 0 || n.driftReplacement != null));
        if (left) w.at(w.now + DRIFT_LOOP_MILLIS, () -> driftLoop(budgets));
    }

    /** A node launched now (Ready after the drawn delay), or one that exists at time zero. */
    Node newNode(InstanceType type, String zone, long createdAt, boolean readyNow) {
        long expiresAt = createdAt + w.scenario.cluster().expireAfterMillis();
        Node n = new Node(w.nextNodeId++, type, zone, createdAt, expiresAt, Allocatable.of(type, w.scenario.cluster()));
        w.live.add(n);
        n.lastPodEventAt = createdAt;
        w.stateVersion++;
        w.metrics.nodeStarted(n, Math.max(0, createdAt));
        if (readyNow) {
            n.ready = true;
            w.indexReady(n);
        } else {
            w.metrics.launched++;
            double seconds = Rng.logNormal(readyLatency, w.k.nodeReadyMedianSeconds(), w.k.nodeReadyP90Seconds());
            w.at(w.now + Math.round(seconds * 1000), () -> ready(n));
        }
        if (expiresAt < w.horizon) w.at(Math.max(expiresAt, w.now), () -> expire(n));
        return n;
    }

    /** Expiry is forceful: no disruption budget, no replacement first; the drain still honours PodDisruptionBudgets. */
    private void expire(Node n) {
        if (n.gone || n.cordoned) return;
        w.metrics.expiries++;
        drain(n);
    }

    private InstanceType largestType() {
        return w.scenario.cluster().instanceTypes().stream().max(Comparator.comparingInt(InstanceType::vcpu)).orElseThrow();
    }

    private InstanceType smallestFitting(Resources use) {
        return w.scenario.cluster().instanceTypes().stream()
                .filter(t -> {
                    Resources a = Allocatable.of(t, w.scenario.cluster());
                    return use.milliCpu() <= a.milliCpu() && use.memoryBytes() <= a.memoryBytes();
                })
                .min(Comparator.comparingInt(InstanceType::vcpu).thenComparingDouble(InstanceType::spotPricePerHour))
                .orElse(largestType());
    }

    /** Zones in turn, skipping pools that had a warning within hotPoolMinutes (unless all of them did). */
    private String nextZone(InstanceType type) {
        List<String> zones = w.scenario.cluster().zones();
        long hot = Math.round(w.k.hotPoolMinutes() * 60_000);
        for (int i = 0; i < zones.size(); i++) {
            String zone = zones.get((zoneCursor + i) % zones.size());
            Long last = lastWarningInPool.get(type.name() + "/" + zone);
            if (last == null || w.now - last >= hot) {
                zoneCursor = (zoneCursor + i + 1) % zones.size();
                return zone;
            }
        }
        String zone = zones.get(zoneCursor);
        zoneCursor = (zoneCursor + 1) % zones.size();
        return zone;
    }
}
