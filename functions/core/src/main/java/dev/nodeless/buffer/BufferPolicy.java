package dev.nodeless.buffer;

import java.time.Duration;
import java.time.Instant;

/**
 * How the buffer is sized for one cluster (from the spec's {@code buffer} section).
 *
 * @param baseline    replicas kept when nothing is at risk and no schedule window raises it (the floor)
 * @param maxReplicas hard ceiling
 * @param chunk       requests of one buffer pod
 * @param cooldown    how long after the last at-risk node is gone (or a schedule window ended) before shrinking
 * @param lookahead   how far ahead Karpenter expiry is forecast
 * @param schedule    weekly windows with a higher baseline ({@link BaselineSchedule#NONE}: the baseline is constant)
 * @param baselinePercent the baseline is at least this percent of the workload pods' requests, in buffer pods
 *                    (0: off; see {@link BufferSizing#share})
 */
public record BufferPolicy(int baseline, int maxReplicas, Resources chunk, Duration cooldown, Duration lookahead,
                           BaselineSchedule schedule, double baselinePercent) {
    public BufferPolicy {
        if (baseline < 0 || maxReplicas < baseline) {
            throw new IllegalArgumentException("need 0 <= baseline <= maxReplicas, got " + baseline + " and " + maxReplicas);
        }
        if (chunk.milliCpu() <= 0 && chunk.memoryBytes() <= 0) {
            throw new IllegalArgumentException("a buffer pod must request some cpu or memory");
        }
        if (schedule == null) schedule = BaselineSchedule.NONE;
        if (!(baselinePercent >= 0 && baselinePercent <= 100)) {
            throw new IllegalArgumentException("need 0 <= baselinePercent <= 100, got " + baselinePercent);
        }
        for (BaselineSchedule.Window w : schedule.windows()) {
            if (w.replicas() > maxReplicas) {
                throw new IllegalArgumentException("schedule window " + w.describe() + " wants " + w.replicas()
                        + " replicas, more than maxReplicas " + maxReplicas);
            }
        }
    }

    /** A constant baseline, no schedule. */
    public BufferPolicy(int baseline, int maxReplicas, Resources chunk, Duration cooldown, Duration lookahead) {
        this(baseline, maxReplicas, chunk, cooldown, lookahead, BaselineSchedule.NONE);
    }

    /** No share of cluster requests (the form before baselinePercent existed). */
    public BufferPolicy(int baseline, int maxReplicas, Resources chunk, Duration cooldown, Duration lookahead,
                        BaselineSchedule schedule) {
        this(baseline, maxReplicas, chunk, cooldown, lookahead, schedule, 0);
    }

    /** Whether the baseline follows a share of the cluster's requests (then the reconcile measures them). */
    public boolean followsShare() {
        return baselinePercent > 0;
    }

    /** The effective baseline at {@code t}: {@link #baseline} or the replicas of a schedule window active then, whichever is more. */
    public int baselineAt(Instant t) {
        return schedule.baselineAt(t, baseline);
    }
}
