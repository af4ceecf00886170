package dev.nodeless.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Karpenter's disruption controller for a NodePool with {@code consolidationPolicy: WhenEmptyOrUnderutilized}, as in
 * kubernetes-sigs/karpenter v1.14.1 (paths below are in that tree; docs/simulate.md cites each):
 * <ol>
 *   <li>every 10 s ({@code disruption/controller.go}, {@code pollingPeriod}) one pass; when the previous pass found
 *       nothing and the cluster has not changed since, it is skipped, but never for more than 5 minutes
 *       ({@code state/cluster.go}, {@code ConsolidationState});</li>
 *   <li>candidates: Ready nodes not being deleted, {@code consolidateAfter} after the last pod bound to or left them
 *       ({@code nodeclaim/disruption/consolidation.go}, the {@code Consolidatable} condition), without
 *       {@code karpenter.sh/do-not-disrupt} pods, and whose pods' PodDisruptionBudgets allow an eviction now;</li>
 *   <li>the NodePool budget: {@code ceil(nodes% x nodes)} minus the nodes already being disrupted
 *       ({@code apis/v1/nodepool.go}, {@code GetAllowedDisruptions} rounds a percentage up);</li>
 *   <li>methods in order, the first that finds a command wins the pass ({@code controller.go}): emptiness (every empty
 *       candidate within the budget), multi-node (candidates by price per pod, descending, {@code SavingsRatio};
 *       binary search for the longest prefix of at most 100 whose pods all fit on the other nodes), single-node (the
 *       first candidate whose pods fit elsewhere);</li>
 *   <li>a command is validated again 15 s later ({@code consolidation.go}, {@code commandValidationDelay}) and then
 *       executed: its nodes are cordoned and drained through the PodDisruptionBudgets.</li>
 * </ol>
 * Only deletions: every node here is spot, and replacing spot with spot needs the {@code SpotToSpotConsolidation}
 * feature gate (off by default) and 15 cheaper instance types ({@code computeSpotToSpotConsolidation}).
 * Buffer pods are reschedulable pods like any other: a node is empty only without them, and they must fit elsewhere.
 */
final class Consolidation {
    static final long POLL_MILLIS = 10_000;
    static final long VALIDATION_MILLIS = 15_000;
    static final long RECHECK_MILLIS = 300_000;
    static final int MULTI_NODE_MAX = 100;

    private final World w;
    private final Karpenter karpenter;
    private final Packing packing;
    private long consolidatedVersion = -1;
    private long consolidatedAt;
    private long wakeAt = Long.MAX_VALUE;
    /** whether any pod has a PodDisruptionBudget or do-not-disrupt (else a candidate's pods need no look) */
    private final boolean protectedPods;
    /** the NodePool's disruption budget, and the last node count it was applied to ({@link #budget(int)}) */
    private final List<dev.nodeless.buffer.DriftForecast.Budget> budgets;
    private int budgetNodes = -1;
    private final long consolidateAfterMillis;
    private int budget;
    /**
     * One pass's candidates, kept between passes and cleared at the start of each: a pass runs every 10 s and walks
     * every node, and growing three fresh lists to the cluster's size each time was a measurable share of a run. No
     * pass keeps a reference to them (a command is a copy).
     */
    private final List<Node> empty = new ArrayList<>();
    private final List<Node> busy = new ArrayList<>();
    private final List<Node> unknown = new ArrayList<>();

    Consolidation(World w, Karpenter karpenter) {
        this.w = w;
        this.protectedPods = w.scenario.workloads().pdbShare() > 0 || w.scenario.workloads().doNotDisruptShare() > 0;
        this.karpenter = karpenter;
        this.packing = new Packing(w);
        this.consolidateAfterMillis = KarpenterParams.ms(w.k.consolidateAfterSeconds());
        this.budgets = List.of(new dev.nodeless.buffer.DriftForecast.Budget(KarpenterParams.budgetNodes(w.k.budgetNodesPercent()), null, null));
    }

    void start() {
        w.at(POLL_MILLIS, this::pass);
    }

    private void pass() {
        List<Node> command = compute();
        if (command == null) {
            w.at(w.now + POLL_MILLIS, this::pass);
            return;
        }
        w.at(w.now + VALIDATION_MILLIS, () -> {
            if (stillValid(command)) execute(command);
            w.at(w.now + POLL_MILLIS, this::pass);
        });
    }

    /**
     * The nodes one pass would delete, or null. One walk over the nodes counts them for the budget and sorts the
     * candidates: empty, or busy and (among those) not known to misfit; with no budget left there are none.
     */
    List<Node> compute() {
        if (w.stateVersion == consolidatedVersion && w.now - consolidatedAt < RECHECK_MILLIS && w.now < wakeAt) return null;
        List<Node> empty = this.empty;
        List<Node> busy = this.busy;
        List<Node> unknown = this.unknown;
        empty.clear();
        busy.clear();
        unknown.clear();
        wakeAt = Long.MAX_VALUE;
        List<Node> live = w.live;
        int nodes = live.size();
        int disrupting = 0;
        for (int i = 0; i < nodes; i++) {
            Node n = live.get(i);
            if (n.cordoned) disrupting++;
            if (!isCandidate(n)) continue;
            if (n.pods.isEmpty()) {
                empty.add(n);
            } else {
                busy.add(n);
                if (!packing.knownMisfit(n)) unknown.add(n);
            }
        }
        int allowed = Math.max(0, budget(nodes) - disrupting);
        if (allowed == 0) {
            empty.clear();
            busy.clear();
            unknown.clear();
            wakeAt = Long.MAX_VALUE;
        }
        List<Node> command = null;
        if (!empty.isEmpty()) {
            command = List.copyOf(empty.subList(0, Math.min(allowed, empty.size())));
        } else if (!busy.isEmpty() && w.k.consolidatesUnderutilized()) {
            command = underutilized(busy, unknown, allowed);
        }
        if (command == null) {
            consolidatedVersion = allowed > 0 ? w.stateVersion : -1; // a budget that blocked may open: look again
            consolidatedAt = w.now;
        }
        return command;
    }

    /**
     * Multi-node, then single-node consolidation over the candidates in Karpenter's order (price per pod, descending).
     * Candidates already known not to fit alone are not sorted: the only one that matters is the first of them in that
     * order, where every multi-node prefix must end; single-node skips them all. The answer is the same as sorting all.
     * Most passes find no candidate that fits alone, and then the order does not matter: every multi-node prefix stops
     * at its first node and single-node tries them all. That is checked first, without sorting.
     */
    private List<Node> underutilized(List<Node> busy, List<Node> unknown, int allowed) {
        if (unknown.isEmpty()) return null;
        Packing.Room room = packing.room();
        if (room.noneFitsAlone(unknown)) return null;
        Node firstMisfit = null;
        for (Node n : busy) {
            n.savingsKey = -n.type.spotPricePerHour() / (1 + n.pods.size());
            if (packing.knownMisfit(n) && (firstMisfit == null || ORDER.compare(n, firstMisfit) < 0)) firstMisfit = n;
        }
        unknown.sort(ORDER);
        int beforeMisfit = unknown.size();
        if (firstMisfit != null) {
            beforeMisfit = 0;
            while (beforeMisfit < unknown.size() && ORDER.compare(unknown.get(beforeMisfit), firstMisfit) < 0) beforeMisfit++;
        }
        List<Node> command = multiNode(unknown.subList(0, Math.min(allowed, beforeMisfit)), room);
        return command != null ? command : singleNode(unknown, room);
    }

    private static final Comparator<Node> ORDER = Comparator.comparingDouble((Node n) -> n.savingsKey).thenComparingInt(n -> n.id);

    /**
     * The longest prefix (2 to 100 nodes) of the budget's candidates whose pods all fit elsewhere, found by binary
     * search as Karpenter does. A prefix holding a node whose pods do not fit even alone cannot fit: it is refused
     * without packing, which leaves the answer unchanged and the search cheap.
     */
    private List<Node> multiNode(List<Node> disruptable, Packing.Room room) {
        if (disruptable.size() < 2) return null; // a prefix that ends at a known misfit is cut there by the caller
        int hi = Math.min(disruptable.size() - 1, MULTI_NODE_MAX - 1);
        int firstMisfit = 0;
        while (firstMisfit <= hi && room.fitsAlone(disruptable.get(firstMisfit))) firstMisfit++;
        hi = Math.min(hi, firstMisfit - 1);
        List<Node> best = null;
        int lo = 1;
        while (lo <= hi) {
            int mid = (lo + hi) / 2;
            List<Node> prefix = disruptable.subList(0, mid + 1);
            if (packing.fits(prefix)) {
                best = prefix;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best == null ? null : List.copyOf(best);
    }

    /** The first candidate, in the same order, whose pods fit on the other nodes. */
    private static List<Node> singleNode(List<Node> candidates, Packing.Room room) {
        for (Node n : candidates) if (room.fitsAlone(n)) return List.of(n);
        return null;
    }

    private boolean isCandidate(Node n) {
        if (!n.schedulable()) return false;
        long consolidatableAt = n.lastPodEventAt + consolidateAfterMillis;
        if (w.now < consolidatableAt) {
            wakeAt = Math.min(wakeAt, consolidatableAt);
            return false;
        }
        if (!protectedPods) return true;
        for (Pod p : n.pods) {
            if (p.doNotDisrupt() || (p.workload != null && p.running && !p.workload.mayEvict())) return false;
        }
        return true;
    }

    /** The NodePool budget: ceil(percent x nodes / 100) minus the nodes being disrupted now. */
    int allowedDisruptions() {
        int nodes = 0;
        int disrupting = 0;
        for (Node n : w.live) {
            nodes++;
            if (n.cordoned) disrupting++;
        }
        return Math.max(0, budget(nodes) - disrupting);
    }

    /** The NodePool's budget for a cluster of {@code nodes}, by the production rule (kept per node count: it is pure). */
    private int budget(int nodes) {
        if (nodes != budgetNodes) {
            // the production rule (a percentage rounded up, as Karpenter does), not a copy
            budget = dev.nodeless.buffer.DriftForecast.allowed(budgets, nodes);
            budgetNodes = nodes;
        }
        return budget;
    }

    private boolean stillValid(List<Node> command) {
        if (command.size() > allowedDisruptions()) return false;
        for (Node n : command) if (!isCandidate(n)) return false;
        boolean empty = command.stream().allMatch(n -> n.pods.isEmpty());
        return empty || packing.fits(command);
    }

    /**
     * Before the clock starts: the cluster as consolidation has left it. One sweep in Karpenter's order moves the pods
     * of every node that fits elsewhere (most free CPU first, as the scheduler would) and drops that node, uncounted:
     * it is the cluster's past, the same for every strategy, so the run starts from a steady state instead of a
     * consolidation wave.
     */
    void settle(Scheduler scheduler) {
        List<Node> order = new ArrayList<>(w.live);
        for (Node n : order) n.savingsKey = -n.type.spotPricePerHour() / (1 + n.pods.size());
        order.sort(ORDER);
        Packing.Room room = null; // taken again only after the cluster changed
        for (Node n : order) {
            if (n.pods.isEmpty()) {
                drop(n);
                room = null;
                continue;
            }
            if (room == null) room = packing.room();
            if (!room.fitsAlone(n)) continue;
            room = null;
            List<Pod> pods = new ArrayList<>(n.pods);
            pods.sort((a, b) -> Long.compare(b.requests.milliCpu(), a.requests.milliCpu()));
            n.cordoned = true;
            for (Pod p : pods) {
                Node to = scheduler.bestFit(p);
                scheduler.unbind(p);
                scheduler.bindRunning(p, to);
            }
            drop(n);
        }
    }

    private void drop(Node n) {
        n.gone = true;
        w.stateVersion++;
        w.live.remove(n);
        w.metrics.nodeGone(n, 0);
    }

    /** Taint every node of the command first, so no pod evicted from one lands on another. */
    private void execute(List<Node> command) {
        for (Node n : command) n.cordoned = true;
        for (Node n : command) {
            w.metrics.consolidated++;
            for (Pod p : n.pods) if (!p.buffer) w.metrics.consolidationEvictions++;
            n.consolidating = true;
            karpenter.drain(n);
        }
    }
}
