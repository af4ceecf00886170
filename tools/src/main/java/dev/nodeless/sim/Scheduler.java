package dev.nodeless.sim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The kube-scheduler's part: place a Pending pod on the node with the most free CPU (like LeastAllocated scoring),
 * else preempt buffer pods (priority -1) on the node needing the fewest victims, else leave it Pending for Karpenter.
 */
final class Scheduler {
    private final World w;
    private Karpenter karpenter;

    Scheduler(World w) {
        this.w = w;
    }

    void karpenter(Karpenter k) {
        this.karpenter = k;
    }

    void schedule(Pod p) {
        Node best = bestFit(p);
        if (best != null) {
            bind(p, best);
            return;
        }
        if (!p.buffer && preempt(p)) return;
        (p.buffer ? w.pendingBuffer : w.pendingWorkload).add(p);
        karpenter.pendingChanged();
    }

    /**
     * The schedulable node with the most free CPU that holds {@code p} (and may host it, for a buffer pod), the lowest
     * id on a tie; null if none. Cordoned and gone nodes met on the way leave the index.
     */
    Node bestFit(Pod p) {
        for (Iterator<Node> it = w.byFreeCpu.iterator(); it.hasNext(); ) {
            Node n = it.next();
            if (n.freeCpu < p.requests.milliCpu()) return null; // nor do any after it
            if (!n.schedulable()) {
                it.remove();
                n.indexed = false;
            } else if (n.fits(p.requests) && (!p.buffer || w.strategy.mayHost(n))) {
                return n;
            }
        }
        return null;
    }

    /** The victims go Pending again; the pod starts after the preemption delay (none for a CapacityBuffer). */
    private boolean preempt(Pod p) {
        if (w.boundBuffer == 0) return false;
        Node best = null;
        int fewest = Integer.MAX_VALUE;
        for (Node n : w.live) {
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
        w.metrics.preemptions += evicted.size();
        long delay = w.strategy.virtual() ? 0 : KarpenterParams.ms(w.k.preemptionSeconds());
        p.startMillis = startMillis(p, best);
        reserve(p, best);
        startAfter(p, delay + p.startMillis);
        for (Pod b : evicted) schedule(b);
        return true;
    }

    /** Room appeared on {@code n}: Pending workload pods first (higher priority), then buffer pods. */
    void retryPendingOn(Node n) {
        for (Pod p : new ArrayList<>(w.pendingWorkload)) if (n.schedulable() && n.fits(p.requests)) bind(p, n);
        if (!w.strategy.mayHost(n)) return;
        for (Pod p : new ArrayList<>(w.pendingBuffer)) if (n.schedulable() && n.fits(p.requests)) bind(p, n);
    }

    void bind(Pod p, Node n) {
        long delay = startMillis(p, n);
        p.startMillis = delay;
        reserve(p, n);
        startAfter(p, delay);
    }

    /** A pod of the cluster at time zero: bound and Ready already. */
    void bindRunning(Pod p, Node n) {
        if (p.workload != null) n.imagePulledAt.put(p.workload.id, Long.MIN_VALUE);
        reserve(p, n);
        start(p);
    }

    /**
     * Bind to Ready: the image pull on a node that has not pulled the Deployment's image yet (a pull under way is shared
     * by the pods that need it, as the kubelet pulls once), then the readiness delay. A buffer pod's pause image is on
     * every node (the EKS AMIs ship it) and it has no probe.
     */
    private long startMillis(Pod p, Node n) {
        if (p.buffer) return 0;
        WorkloadParams wp = w.scenario.workloads();
        Long pulledAt = n.imagePulledAt.get(p.workload.id);
        if (pulledAt == null) {
            pulledAt = w.now + KarpenterParams.ms(wp.imagePullSeconds());
            n.imagePulledAt.put(p.workload.id, pulledAt);
        }
        return (pulledAt <= w.now ? 0 : pulledAt - w.now) + KarpenterParams.ms(wp.readinessSeconds());
    }

    private void startAfter(Pod p, long delay) {
        if (delay == 0) {
            start(p);
            return;
        }
        int reservation = p.reservation;
        w.at(w.now + delay, () -> {
            if (p.reservation == reservation) start(p);
        });
    }

    /** Assign the pod to the node and take its room (it may start later, after preemption). */
    private void reserve(Pod p, Node n) {
        w.pendingWorkload.remove(p);
        w.pendingBuffer.remove(p);
        p.clearNomination();
        p.node = n;
        p.reservation++;
        n.pods.add(p);
        if (p.buffer) {
            w.boundBuffer++;
            n.bufferPods++;
            n.bufferCpu += p.requests.milliCpu();
            n.bufferMem += p.requests.memoryBytes();
        }
        take(n, p.requests.milliCpu(), p.requests.memoryBytes());
        podEvent(n);
    }

    /** Free room changes only here: a node in {@link World#byFreeCpu} is taken out first and put back at its new place. */
    private void take(Node n, long cpu, long mem) {
        if (n.indexed && !w.byFreeCpu.remove(n)) throw new IllegalStateException(n + " lost from the free-CPU index");
        n.freeCpu -= cpu;
        n.freeMem -= mem;
        if (n.indexed) w.byFreeCpu.add(n);
    }

    /** Consolidation counts {@code consolidateAfter} from a node's last pod event, and looks again after any. */
    private void podEvent(Node n) {
        n.podVersion++;
        n.lastPodEventAt = w.now;
        w.stateVersion++;
    }

    private void start(Pod p) {
        if (p.node == null || p.running) return;
        p.running = true;
        if (p.workload != null) p.workload.notReady--;
        if (p.buffer) {
            w.metrics.bufferStarted(p, w.now);
        } else if (p.displacedAt >= 0) {
            w.metrics.waited(w.now - p.displacedAt);
            w.metrics.started(p.startMillis, p.displacedByConsolidation);
            p.displacedAt = -1;
            w.waiting--;
            w.metrics.pending(w.now, w.waiting);
        }
    }

    void unbind(Pod p) {
        Node n = p.node;
        if (n == null) return;
        if (p.buffer && p.running) w.metrics.bufferStopped(p, w.now);
        if (p.workload != null && p.running) p.workload.notReady++;
        p.running = false;
        n.pods.remove(p);
        if (p.buffer) {
            w.boundBuffer--;
            n.bufferPods--;
            n.bufferCpu -= p.requests.milliCpu();
            n.bufferMem -= p.requests.memoryBytes();
        }
        take(n, -p.requests.milliCpu(), -p.requests.memoryBytes());
        p.node = null;
        w.roomGrew(n);
        podEvent(n);
    }
}
