package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

import java.util.ArrayList;
import java.util.List;

/** A simulated Karpenter node (one NodeClaim, one EC2 instance). Mutable; owned by one {@link Simulation}. */
final class Node {
    final int id;
    final String name;
    final InstanceType type;
    final String zone;
    final String pool;
    final long createdAt;
    final long expiresAt;
    final Resources allocatable;

    boolean ready;
    /** in {@link World#byFreeCpu} */
    boolean indexed;
    boolean cordoned;
    boolean gone;
    /** when Karpenter marked it Drifted (-1: not drifted); the replacement it launched first, once chosen */
    long driftedAt = -1;
    Node driftReplacement;
    /** chosen by a rebalance recommendation that an interruption warning will follow */
    boolean targeted;
    long freeCpu;
    long freeMem;
    /** room left for pods Karpenter nominated while the node is launching */
    long nominalCpu;
    long nominalMem;
    /** when a pod last bound to or left this node (or it became Ready): consolidateAfter counts from here */
    long lastPodEventAt;
    /** being drained: no new pods, pods evicted as PodDisruptionBudgets allow */
    boolean draining;
    /** drained by a consolidation command */
    boolean consolidating;
    /** a removal at the end of the drain is already scheduled */
    boolean removalScheduled;
    /** bumped when a pod binds here or leaves */
    long podVersion;
    /** {@link World#roomVersion} and {@link #podVersion} when this node's pods were found not to fit elsewhere */
    long misfitRoomVersion = -1;
    long misfitPodVersion = -1;
    /** {@link #largestPodCpu()} and the {@link #podVersion} it was computed at */
    private long largestPodCpu;
    private long largestPodCpuVersion = -1;
    /** consolidation's order key of the current pass: minus price per pod (Karpenter's SavingsRatio, descending) */
    double savingsKey;
    /** Deployment id to when this node has (or will have) its image */
    final java.util.Map<Integer, Long> imagePulledAt = new java.util.HashMap<>();
    /** buffer pods bound here and their requests (what a preemption could free) */
    int bufferPods;
    long bufferCpu;
    long bufferMem;
    /** workload pods drained from this node still Terminating until {@link #terminatingUntil} */
    final List<Resources> terminating = new ArrayList<>();
    long terminatingUntil = -1;
    final List<Pod> pods = new ArrayList<>();
    final List<Pod> nominated = new ArrayList<>();

    Node(int id, InstanceType type, String zone, long createdAt, long expiresAt, Resources allocatable) {
        this.id = id;
        this.name = "node-" + id;
        this.type = type;
        this.zone = zone;
        this.pool = type.name() + "/" + zone;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.allocatable = allocatable;
        this.freeCpu = allocatable.milliCpu();
        this.freeMem = allocatable.memoryBytes();
        this.nominalCpu = freeCpu;
        this.nominalMem = freeMem;
    }

    /** The EC2 instance id the node stands for (made when asked: few nodes are ever marked). */
    String instanceId() {
        return String.format("i-%017x", id);
    }

    boolean schedulable() {
        return ready && !cordoned && !gone;
    }

    boolean fits(Resources r) {
        return r.milliCpu() <= freeCpu && r.memoryBytes() <= freeMem;
    }

    /** CPU requested by the pods bound here: the allocatable less the free room ({@link Scheduler} keeps both). */
    long usedCpu() {
        return allocatable.milliCpu() - freeCpu;
    }

    /** The largest CPU request of the pods bound here (0 without pods), computed again only after they changed. */
    long largestPodCpu() {
        if (largestPodCpuVersion != podVersion) {
            long largest = 0;
            for (Pod p : pods) largest = Math.max(largest, p.requests.milliCpu());
            largestPodCpu = largest;
            largestPodCpuVersion = podVersion;
        }
        return largestPodCpu;
    }

    boolean fitsNominal(Resources r) {
        return r.milliCpu() <= nominalCpu && r.memoryBytes() <= nominalMem;
    }

    @Override
    public String toString() {
        return name + "(" + pool + ")";
    }
}
