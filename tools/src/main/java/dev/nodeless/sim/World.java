package dev.nodeless.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The state of one run, shared by the {@link Scheduler}, {@link Karpenter} and the {@link Simulation} that drives
 * them: the clock and its event queue (by time, then insertion order), the nodes and the Pending pods.
 */
final class World {
    final Scenario scenario;
    final KarpenterParams k;
    final Strategy strategy;
    final Metrics metrics;
    final long horizon;

    long now;
    final List<Node> live = new ArrayList<>();
    final List<Node> liveView = Collections.unmodifiableList(live);
    /**
     * Ready nodes by free CPU, most first, then by id (the order of {@link #live}): the scheduler's choice is the first
     * that holds the pod. A node enters when it becomes Ready ({@link #indexReady}); one cordoned or gone (neither comes
     * back) leaves when a search meets it. Its key changes only in {@link Scheduler}, which takes it out and puts it back.
     */
    final TreeSet<Node> byFreeCpu = new TreeSet<>(
            Comparator.comparingLong((Node n) -> -n.freeCpu).thenComparingInt(n -> n.id));
    final LinkedHashSet<Pod> pendingWorkload = new LinkedHashSet<>();
    final LinkedHashSet<Pod> pendingBuffer = new LinkedHashSet<>();
    /** displaced workload pods not running yet (Pending, or bound and waiting for a preempted pod to exit) */
    int waiting;
    /** buffer pods bound to a node, to skip the preemption search when there are none */
    int boundBuffer;
    /** bumped on every pod or node change: consolidation looks again only after one (Karpenter's cluster state) */
    long stateVersion;
    /** bumped when free room may have grown (a pod left a node, a node became Ready, the buffer's affinity moved) */
    long roomVersion;
    /**
     * The least free CPU among the nodes the last consolidation pass tried pods on ({@link Packing#TOP} + 1 nodes with
     * most free CPU; 0 when there were fewer): room that grows on a node and stays at or below it changes no answer.
     */
    long roomThreshold;
    int nextNodeId;
    int nextPodId;

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong(Event::at).thenComparingLong(Event::seq));
    private long seq;

    private record Event(long at, long seq, Runnable action) {}

    World(Scenario scenario, Strategy strategy) {
        this.scenario = scenario;
        this.k = scenario.karpenter();
        this.strategy = strategy;
        this.metrics = new Metrics(strategy.name());
        this.horizon = scenario.horizonMillis();
    }

    void at(long time, Runnable action) {
        queue.add(new Event(time, seq++, action));
    }

    /** Runs every event before the horizon, in order. */
    void runToHorizon() {
        while (!queue.isEmpty() && queue.peek().at() < horizon) {
            Event e = queue.poll();
            now = e.at();
            metrics.accrue(now);
            e.action().run();
        }
        now = horizon;
    }

    /** Free room grew on {@code n} (a pod left, or it became Ready): answers about where pods fit may change. */
    void roomGrew(Node n) {
        if (n.schedulable() && n.freeCpu > roomThreshold) roomVersion++; // room on a cordoned node is no room
    }

    /** {@code n} just became Ready: the scheduler may choose it from now on. */
    void indexReady(Node n) {
        if (!n.indexed) n.indexed = byFreeCpu.add(n);
    }

    boolean hasUnnominatedPending() {
        for (Pod p : pendingWorkload) if (p.nominatedTo == null) return true;
        for (Pod p : pendingBuffer) if (p.nominatedTo == null) return true;
        return false;
    }
}
