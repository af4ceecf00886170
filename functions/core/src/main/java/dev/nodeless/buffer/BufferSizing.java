package dev.nodeless.buffer;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The one sizing function (ARCHITECTURE §4). Pure and level-triggered: it sees the whole at-risk demand,
 * never a delta, so duplicate, late or reordered events cannot skew it.
 *
 * <pre>
 * desired = clamp(baseline + ceil(max over r with chunk_r &gt; 0 of demand_r / chunk_r), baseline, maxReplicas)
 *           and never above what the NodePool limits leave (but never below baseline either)
 * </pre>
 * where baseline is the effective baseline at the decision's instant ({@link #baselineAt}): the largest of the
 * constant one, an active schedule window's and the share of cluster requests ({@link #share}), never above
 * maxReplicas.
 */
public final class BufferSizing {

    private BufferSizing() {}

    /**
     * @param demand      requests of evictable pods on at-risk nodes
     * @param now         the instant the decision is for (picks the schedule window, if any)
     * @param limitCap    the most replicas the NodePool's remaining limits can hold, if limits are set
     */
    public static int desired(Resources demand, BufferPolicy policy, Instant now, OptionalInt limitCap) {
        return desired(demand, policy, now, limitCap, 0);
    }

    /** @param share buffer pods the share of cluster requests asks for ({@link #share}; 0 when off or not measured) */
    public static int desired(Resources demand, BufferPolicy policy, Instant now, OptionalInt limitCap, int share) {
        int baseline = baselineAt(policy, now, share);
        long extra = chunks(demand, policy.chunk());
        long wanted = Math.min((long) baseline + extra, policy.maxReplicas());
        if (limitCap.isPresent()) wanted = Math.min(wanted, Math.max(limitCap.getAsInt(), baseline));
        return (int) Math.max(wanted, baseline);
    }

    /** The effective baseline: the largest of the constant one, an active window's and {@code share}, at most maxReplicas. */
    public static int baselineAt(BufferPolicy policy, Instant now, int share) {
        return Math.min(Math.max(policy.baselineAt(now), share), policy.maxReplicas());
    }

    /**
     * Buffer pods that hold {@code policy.baselinePercent} of the workload pods' requests:
     * {@code ceil(max over r with chunk_r > 0 of percent/100 * requested_r / chunk_r)}, at most maxReplicas (more
     * could never be used, and a smaller range keeps the stored value, and so the ledger, steadier). 0 when off.
     */
    public static int share(Resources requested, BufferPolicy policy) {
        if (!policy.followsShare()) return 0;
        long chunks = Math.max(
                shareChunks(requested.milliCpu(), policy.chunk().milliCpu(), policy.baselinePercent()),
                shareChunks(requested.memoryBytes(), policy.chunk().memoryBytes(), policy.baselinePercent()));
        for (Map.Entry<String, Long> e : policy.chunk().extended().entrySet()) {
            chunks = Math.max(chunks, shareChunks(requested.extended(e.getKey()), e.getValue(), policy.baselinePercent()));
        }
        return (int) Math.min(chunks, policy.maxReplicas());
    }

    /** ceil(percent/100 * requested / chunk), exactly (in decimal, as the percent is written in the spec). */
    private static long shareChunks(long requested, long chunk, double percent) {
        if (chunk <= 0 || requested <= 0) return 0;
        return java.math.BigDecimal.valueOf(percent).multiply(java.math.BigDecimal.valueOf(requested))
                .divide(java.math.BigDecimal.valueOf(chunk).multiply(java.math.BigDecimal.valueOf(100)), 0, java.math.RoundingMode.CEILING)
                .longValueExact();
    }

    /**
     * Buffer pods that hold {@code demand}: the largest over cpu, memory and each extended resource the buffer pod
     * requests ({@code nvidia.com/gpu}) of ceil(demand / chunk). A resource the buffer pod does not request does not count:
     * a pause pod without a GPU cannot hold room for GPU pods.
     */
    static long chunks(Resources demand, Resources chunk) {
        long n = Math.max(chunksOf(demand.milliCpu(), chunk.milliCpu()), chunksOf(demand.memoryBytes(), chunk.memoryBytes()));
        for (Map.Entry<String, Long> e : chunk.extended().entrySet()) n = Math.max(n, chunksOf(demand.extended(e.getKey()), e.getValue()));
        return n;
    }

    /** ceil(demand / chunk); a resource the buffer pod does not request does not count. */
    static long chunksOf(long demand, long chunk) {
        if (chunk <= 0 || demand <= 0) return 0;
        return (demand + chunk - 1) / chunk;
    }

    /**
     * Replicas the NodePool limits still allow: the buffer's current replicas plus how many more chunks fit in
     * {@code limits - used}. Empty when the NodePool sets no limit on any resource the buffer pod requests.
     */
    public static OptionalInt limitCap(Resources limits, Resources used, int currentReplicas, Resources chunk) {
        if (limits == null) return OptionalInt.empty();
        long byCpu = limits.milliCpu() > 0 && chunk.milliCpu() > 0
                ? Math.max(0, limits.milliCpu() - used.milliCpu()) / chunk.milliCpu() : Long.MAX_VALUE;
        long byMem = limits.memoryBytes() > 0 && chunk.memoryBytes() > 0
                ? Math.max(0, limits.memoryBytes() - used.memoryBytes()) / chunk.memoryBytes() : Long.MAX_VALUE;
        long more = Math.min(byCpu, byMem);
        // an extended resource the pool limits (nvidia.com/gpu: 8) and the buffer pod requests caps it the same way
        for (Map.Entry<String, Long> e : chunk.extended().entrySet()) {
            long limit = limits.extended(e.getKey());
            if (limit > 0 && e.getValue() > 0) more = Math.min(more, Math.max(0, limit - used.extended(e.getKey())) / e.getValue());
        }
        if (more == Long.MAX_VALUE) return OptionalInt.empty();
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, currentReplicas + more));
    }
}
