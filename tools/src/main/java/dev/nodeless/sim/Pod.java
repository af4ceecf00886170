package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

/**
 * A workload pod (priority 0) or a buffer pod (priority -1, or a CapacityBuffer's virtual pod). A displaced workload
 * pod keeps its identity: it stands for the ReplicaSet's replacement pod.
 */
final class Pod {
    final int id;
    final boolean buffer;
    final Resources requests;
    /** the Deployment of a workload pod; null for a buffer pod */
    final Workload workload;
    Node node;
    boolean running;
    boolean deleted;
    /** when this pod was last displaced (evicted by a drain); -1 if never or already placed again */
    long displacedAt = -1;
    /** the displacement was a consolidation's drain (a buffer's own churn), not an interruption, expiry or drift */
    boolean displacedByConsolidation;
    /** image pull still ahead plus readiness, at the pod's last bind */
    long startMillis;
    Node nominatedTo;
    /** incremented on every bind, so a delayed start of an older binding is ignored */
    int reservation;

    Pod(int id, boolean buffer, Resources requests) {
        this(id, buffer, requests, null);
    }

    Pod(int id, boolean buffer, Resources requests, Workload workload) {
        this.id = id;
        this.buffer = buffer;
        this.requests = requests;
        this.workload = workload;
    }

    boolean doNotDisrupt() {
        return workload != null && workload.doNotDisrupt;
    }

    /** Karpenter no longer counts on a launching node for this pod: give the room back. */
    void clearNomination() {
        if (nominatedTo == null) return;
        nominatedTo.nominated.remove(this);
        nominatedTo.nominalCpu += requests.milliCpu();
        nominatedTo.nominalMem += requests.memoryBytes();
        nominatedTo = null;
    }

    boolean pending() {
        return node == null && !deleted;
    }
}
