package dev.nodeless.buffer;

import java.time.Duration;

/**
 * How the buffer is sized for one cluster (from the spec's {@code buffer} section).
 *
 * @param baseline    replicas kept when nothing is at risk
 * @param maxReplicas hard ceiling
 * @param chunk       requests of one buffer pod
 * @param cooldown    how long after the last at-risk node is gone before shrinking back to baseline
 * @param lookahead   how far ahead Karpenter expiry is forecast
 */
public record BufferPolicy(int baseline, int maxReplicas, Resources chunk, Duration cooldown, Duration lookahead) {
    public BufferPolicy {
        if (baseline < 0 || maxReplicas < baseline) {
            throw new IllegalArgumentException("need 0 <= baseline <= maxReplicas, got " + baseline + " and " + maxReplicas);
        }
        if (chunk.milliCpu() <= 0 && chunk.memoryBytes() <= 0) {
            throw new IllegalArgumentException("a buffer pod must request some cpu or memory");
        }
    }
}
