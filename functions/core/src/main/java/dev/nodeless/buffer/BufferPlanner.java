package dev.nodeless.buffer;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * Decides the buffer's replicas from the at-risk ledger (ARCHITECTURE §4). Pure: the same ledger, replicas,
 * policy and clock give the same decision.
 * <ol>
 *   <li>target = {@link BufferSizing#desired} of the ledger's demand;</li>
 *   <li>target above current: grow at once (capacity must be there before pods are displaced);</li>
 *   <li>target below current (a surplus): hold for a whole {@code cooldown} of surplus, then shrink to the target.
 *       Back to baseline means no node at risk: that cool-down counts from when the last at-risk node went.
 *       The surplus start is kept in the ledger, so steady churn (nodes expiring one after another) still lets the
 *       buffer come down to what is needed, while a short dip between two waves does not (no grow/shrink loops).</li>
 * </ol>
 */
public final class BufferPlanner {

    private BufferPlanner() {}

    public static BufferDecision decide(Ledger ledger, int current, BufferPolicy policy, Instant now, OptionalInt limitCap) {
        int target = BufferSizing.desired(ledger.demand(), policy, limitCap);
        String demand = ledger.atRisk().size() + " node(s) at risk, demand " + ledger.demand();
        if (target > current) {
            return new BufferDecision(BufferDecision.Action.GROW, current, target, "grow: " + demand, ledger.withSurplusSince(null));
        }
        if (target == current) {
            return new BufferDecision(BufferDecision.Action.NONE, current, current, "unchanged: " + demand, ledger.withSurplusSince(null));
        }
        Instant since = ledger.isEmpty() && ledger.clearedAt() != null ? ledger.clearedAt()
                : ledger.surplusSince() != null ? ledger.surplusSince() : now;
        Instant shrinkAt = since.plus(policy.cooldown());
        if (now.isBefore(shrinkAt)) {
            return new BufferDecision(BufferDecision.Action.NONE, current, current,
                    "hold: " + demand + ", " + (current - target) + " replica(s) more than needed; cool-down until " + shrinkAt,
                    ledger.withSurplusSince(since));
        }
        String why = ledger.isEmpty() ? "no node at risk" + (ledger.clearedAt() == null ? "" : " since " + ledger.clearedAt()) : demand;
        return new BufferDecision(BufferDecision.Action.SHRINK, current, target,
                "shrink: " + why + ", surplus since " + since, ledger.withSurplusSince(null));
    }
}
