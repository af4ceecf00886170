package dev.nodeless.buffer;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides the buffer's replicas from the at-risk ledger (ARCHITECTURE §4). Pure: the same ledger, replicas,
 * policy and clock give the same decision.
 * <ol>
 *   <li>target = {@link BufferSizing#desired} of the ledger's demand, on top of the baseline at {@code now}
 *       (a schedule window's, if one is active and higher);</li>
 *   <li>target above current: grow at once (capacity must be there before pods are displaced, and a window's
 *       headroom as soon as it starts);</li>
 *   <li>target below current (a surplus): hold for a whole {@code cooldown} of surplus, then shrink to the target.
 *       Back to baseline means no node at risk: that cool-down counts from when the last at-risk node went.
 *       The surplus start is kept in the ledger, so steady churn (nodes expiring one after another) still lets the
 *       buffer come down to what is needed, while a short dip between two waves does not (no grow/shrink loops).
 *       A schedule window that ended starts a surplus too: the cool-down never counts from before its end.</li>
 * </ol>
 */
public final class BufferPlanner {

    private BufferPlanner() {}

    public static BufferDecision decide(Ledger ledger, int current, BufferPolicy policy, Instant now, OptionalInt limitCap) {
        int target = BufferSizing.desired(ledger.demand(), policy, now, limitCap);
        String demand = ledger.atRisk().size() + " node(s) at risk, demand " + ledger.demand() + baseline(policy, now);
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
        Optional<Instant> windowEnd = policy.schedule().lastDropWithin(now, policy.cooldown(), policy.baseline());
        Instant since = known == null ? windowEnd.orElse(now)
                : windowEnd.filter(end -> end.isAfter(known)).orElse(known);
        String ended = endedAt(policy, since);
        Instant shrinkAt = since.plus(policy.cooldown());
        if (now.isBefore(shrinkAt)) {
            return new BufferDecision(BufferDecision.Action.NONE, current, current,
                    "hold: " + demand + ", " + (current - target) + " replica(s) more than needed; cool-down until " + shrinkAt + ended,
                    ledger.withSurplusSince(since));
        }
        String why = ledger.isEmpty()
                ? "no node at risk" + (ledger.clearedAt() == null ? "" : " since " + ledger.clearedAt()) + baseline(policy, now)
                : demand;
        return new BufferDecision(BufferDecision.Action.SHRINK, current, target,
                "shrink: " + why + ", surplus since " + since + ended, ledger.withSurplusSince(null));
    }

    /** " (end of schedule ...)" when a window ended exactly at {@code since}, so the audit says why the surplus began. */
    private static String endedAt(BufferPolicy policy, Instant since) {
        return policy.schedule().lastDropWithin(since, java.time.Duration.ofNanos(1), policy.baseline())
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

    /** Says where the baseline comes from when a schedule is set (nothing otherwise, as before schedules existed). */
    private static String baseline(BufferPolicy policy, Instant now) {
        if (policy.schedule().isEmpty()) return "";
        int base = policy.baselineAt(now);
        return ", baseline " + base + policy.schedule().activeAt(now).filter(w -> w.replicas() > policy.baseline())
                .map(w -> " (schedule " + w.describe() + ")").orElse("");
    }
}
