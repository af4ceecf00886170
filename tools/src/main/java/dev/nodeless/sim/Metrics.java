package dev.nodeless.sim;

import java.util.Arrays;
import java.util.Collection;

/** The figures of one strategy's run (one row of the table) and its time series for the plot. */
public final class Metrics {
    public final String strategy;
    public long displaced;
    public long warnings;
    public long missedWarnings;
    public long rebalances;
    public long expiries;
    public int launched;
    public long consolidated;
    /** nodes when the clock starts (after the uncounted consolidation of the initial cluster, if any) */
    public int nodesAtStart;
    /** workload pods on the nodes consolidation drained (a share of {@link #displaced}) */
    public long consolidationEvictions;
    public long preemptions;
    public long wallNanos;
    public final Series replicas = new Series();
    public final Series pending = new Series();

    private long[] waits = new long[256];
    private int waitCount;
    private long startMillisTotal;
    private long forcedStartMillis;
    private long forcedStarts;
    private long lastAccrue;
    private long bufferMilliCpu;
    private double bufferUsdPerHour;
    private double bufferMilliCpuMillis;
    private double bufferUsd;
    private double nodeUsd;

    Metrics(String strategy) {
        this.strategy = strategy;
    }

    void accrue(long now) {
        long dt = now - lastAccrue;
        if (dt <= 0) return;
        bufferMilliCpuMillis += (double) bufferMilliCpu * dt;
        bufferUsd += bufferUsdPerHour * dt / 3_600_000.0;
        lastAccrue = now;
    }

    void bufferStarted(Pod p, long now) {
        accrue(now);
        bufferMilliCpu += p.requests.milliCpu();
        bufferUsdPerHour += p.requests.milliCpu() / 1000.0 * p.node.type.pricePerVcpuHour();
    }

    void bufferStopped(Pod p, long now) {
        accrue(now);
        bufferMilliCpu -= p.requests.milliCpu();
        bufferUsdPerHour -= p.requests.milliCpu() / 1000.0 * p.node.type.pricePerVcpuHour();
    }

    void nodeStarted(Node n, long from) {
        nodeUsd -= n.type.spotPricePerHour() * from / 3_600_000.0;
    }

    void nodeGone(Node n, long now) {
        nodeUsd += n.type.spotPricePerHour() * now / 3_600_000.0;
    }

    void waited(long millis) {
        if (waitCount == waits.length) waits = Arrays.copyOf(waits, waitCount * 2);
        waits[waitCount++] = millis;
    }

    /**
     * A displaced pod is Ready again after {@code startMillis} of image pull and readiness from its bind: the part of
     * its wait that room held for it does not remove.
     */
    void started(long startMillis, boolean afterConsolidation) {
        startMillisTotal += startMillis;
        if (!afterConsolidation) {
            forcedStartMillis += startMillis;
            forcedStarts++;
        }
    }

    /** Pending pod-seconds spent pulling images and becoming Ready after the bind (no buffer removes these). */
    public double startPodSeconds() {
        return startMillisTotal / 1000.0;
    }

    /** {@link #startPodSeconds} of the pods an interruption, expiry or drift displaced (not a consolidation). */
    public double forcedStartPodSeconds() {
        return forcedStartMillis / 1000.0;
    }

    /** Displaced pods started again after an interruption, expiry or drift displaced them. */
    public long forcedStarts() {
        return forcedStarts;
    }

    void replicas(long now, int value) {
        replicas.add(now, value);
    }

    void pending(long now, int value) {
        pending.add(now, value);
    }

    void finish(long horizon, Collection<Node> live, Collection<Pod> stillWaiting) {
        accrue(horizon);
        for (Node n : live) nodeGone(n, horizon);
        for (Pod p : stillWaiting) if (p.displacedAt >= 0) waited(horizon - p.displacedAt);
        Arrays.sort(waits, 0, waitCount);
    }

    public double pendingPodSeconds() {
        double sum = 0;
        for (int i = 0; i < waitCount; i++) sum += waits[i];
        return sum / 1000.0;
    }

    /** Nearest-rank percentile of displaced pods' waits, in seconds (0 when nothing was displaced). */
    public double waitPercentile(double q) {
        if (waitCount == 0) return 0;
        int rank = (int) Math.ceil(q * waitCount);
        return waits[Math.max(0, Math.min(waitCount - 1, rank - 1))] / 1000.0;
    }

    public double bufferCpuHours() {
        return bufferMilliCpuMillis / 1000.0 / 3_600_000.0;
    }

    public double bufferUsd() {
        return bufferUsd;
    }

    public double nodeUsd() {
        return nodeUsd;
    }
}
