package dev.nodeless.buffer;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides the buffer's replicas from the at-risk ledger (ARCHITECTURE §4). Pure: the same ledger, replicas,
 * policy and clock give the same decision.
 * <ol>
 *   <li>target = {@link BufferSizing#desired} of the ledger's demand (only marks that {@linkplain AtRisk#buysRoom() buy
 *       room}: a node Karpenter drains at the event itself buys none), on top of the baseline at {@code now}
 *       (a schedule window's, if one is active and higher, or the share of cluster requests the ledger carries,
 *       if the policy follows one and it is higher);</li>
 *   <li>target above current: grow at once (capacity must be there before pods are displaced, and a window's
 *       headroom as soon as it starts);</li>
 *   <li>target below current (a surplus): hold for a whole {@code cooldown} of surplus, then shrink to the target.
 *       Back to baseline means no node at risk: that cool-down counts from when the last at-risk node went.
 *       The surplus start is kept in the ledger, so steady churn (nodes expiring one after another) still lets the
 *       buffer come down to what is needed, while a short dip between two waves does not (no grow/shrink loops).
 *       A schedule window that ended starts a surplus too: the cool-down never counts from before its end.
 *       So does a share that fell: the surplus starts when the reconcile stores the lower share.</li>
 * </ol>
 */
public final class BufferPlanner {

    private BufferPlanner() {}

    public static BufferDecision decide(Ledger ledger, int current, BufferPolicy policy, Instant now, OptionalInt limitCap) {
        return decide(ledger, current, policy, now, limitCap, null);
    }

    /**
     * @param requested the workload pods' requests the ledger's share was measured from in this same decision (the
     *                  reconcile's), so the reason can show them; {@code null} elsewhere (the event path uses the
     *                  stored share without measuring)
     */
    public static BufferDecision decide(Ledger ledger, int current, BufferPolicy policy, Instant now, OptionalInt limitCap,
                                        Resources requested) {
        int share = shareOf(ledger, policy);
        int target = BufferSizing.desired(ledger.demand(), policy, now, limitCap, share);
        long drained = ledger.atRisk().values().stream().filter(a -> !a.buysRoom()).count();
        String demand = ledger.atRisk().size() + " node(s) at risk"
                + (drained == 0 ? "" : " (" + drained + " drained by Karpenter: no room bought)")
                + ", demand " + ledger.demand() + baseline(policy, now, share, requested);
        if (target > current) {
            return new BufferDecision(BufferDecision.Action.GROW, current, target, "grow: " + demand, ledger.withSurplusSince(null));
        }
        if (target == current) {
            return new BufferDecision(BufferDecision.Action.NONE, current, current, "unchanged: " + demand, ledger.withSurplusSince(null));
        }
        // when the surplus began: when the last at-risk node went, else as recorded, else (unknown) now;
        // but never before a schedule window that ended within the last cool-down (the target fell then)
        Instant known = ledger.isEmpty() && ledger.clearedAt() != null ? later(ledger.clearedAt(), ledger.surplusSince())
                : ledger.surplusSince();
        int floor = Math.max(policy.baseline(), share); // a window ending below the share does not lower the target
        Optional<Instant> windowEnd = policy.schedule().lastDropWithin(now, policy.cooldown(), floor);
        Instant since = known == null ? windowEnd.orElse(now)
                : windowEnd.filter(end -> end.isAfter(known)).orElse(known);
        String ended = endedAt(policy, since, floor);
        Instant shrinkAt = since.plus(policy.cooldown());
        if (now.isBefore(shrinkAt)) {
            return new BufferDecision(BufferDecision.Action.NONE, current, current,
                    "hold: " + demand + ", " + (current - target) + " replica(s) more than needed; cool-down until " + shrinkAt + ended,
                    ledger.withSurplusSince(since));
        }
        String why = ledger.isEmpty()
                ? "no node at risk" + (ledger.clearedAt() == null ? "" : " since " + ledger.clearedAt()) + baseline(policy, now, share, requested)
                : demand;
        return new BufferDecision(BufferDecision.Action.SHRINK, current, target,
                "shrink: " + why + ", surplus since " + since + ended, ledger.withSurplusSince(null));
    }

    /** " (end of schedule ...)" when a window ended exactly at {@code since}, so the audit says why the surplus began. */
    private static String endedAt(BufferPolicy policy, Instant since, int floor) {
        return policy.schedule().lastDropWithin(since, java.time.Duration.ofNanos(1), floor)
                .flatMap(end -> policy.schedule().activeAt(end.minusNanos(1)))
                .map(w -> " (end of schedule " + w.describe() + ")").orElse("");
    }

    /**
     * With no node at risk the surplus began when the last one went, unless a later surplus start is recorded
     * (a schedule window that ended after that).
     */
    private static Instant later(Instant clearedAt, Instant surplusSince) {
        return surplusSince != null && surplusSince.isAfter(clearedAt) ? surplusSince : clearedAt;
    }

    /** The stored share, when the policy follows one (a share left from before it was switched off does not count). */
    private static int shareOf(Ledger ledger, BufferPolicy policy) {
        return policy.followsShare() && ledger.share() != null ? ledger.share() : 0;
    }

    /**
     * Says where the baseline comes from when a schedule or a share is set (nothing otherwise, as before either
     * existed): a schedule window or the share of cluster requests, whichever set it.
     */
    private static String baseline(BufferPolicy policy, Instant now, int share, Resources requested) {
        if (policy.schedule().isEmpty() && !policy.followsShare()) return "";
        int base = BufferSizing.baselineAt(policy, now, share);
        int scheduled = policy.baselineAt(now);
        if (share > scheduled) {
            return ", baseline " + base + " (" + percent(policy.baselinePercent()) + "% of requests"
                    + (requested == null ? "" : " cpu " + cores(requested.milliCpu()) + ", memory " + memory(requested.memoryBytes()))
                    + ")";
        }
        return ", baseline " + base + policy.schedule().activeAt(now).filter(w -> w.replicas() > policy.baseline())
                .map(w -> " (schedule " + w.describe() + ")").orElse("");
    }

    private static String percent(double p) {
        return java.math.BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }

    private static String cores(long milliCpu) {
        return java.math.BigDecimal.valueOf(milliCpu, 3).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** Gi from 1Gi up (one decimal at most), Mi below. */
    private static String memory(long bytes) {
        long gi = 1L << 30;
        if (bytes >= gi) {
            return java.math.BigDecimal.valueOf(bytes).divide(java.math.BigDecimal.valueOf(gi), 1, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString() + "Gi";
        }
        return ((bytes + (1L << 20) - 1) >> 20) + "Mi";
    }
}
