package dev.nodeless.buffer;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * Decides the buffer's replicas from the at-risk ledger (ARCHITECTURE §4). Pure: the same ledger, replicas,
 * policy and clock give the same decision.
 * <ol>
 *   <li>target = {@link BufferSizing#desired} of the ledger's demand;</li>
 *   <li>target above current: grow at once (capacity must be there before pods are displaced);</li>
 *   <li>target below current: hold while any node is still at risk, and after the last one is gone until
 *       {@code cooldown} has passed; then shrink (avoids the grow/shrink loops of proportional buffers).</li>
 * </ol>
 */
public final class BufferPlanner {

    private BufferPlanner() {}

    public static BufferDecision decide(Ledger ledger, int current, BufferPolicy policy, Instant now, OptionalInt limitCap) {
        int target = BufferSizing.desired(ledger.demand(), policy, limitCap);
        String demand = ledger.atRisk().size() + " node(s) at risk, demand " + ledger.demand();
        if (target > current) {
            return new BufferDecision(BufferDecision.Action.GROW, current, target, "grow: " + demand, ledger);
        }
        if (target == current) {
            return new BufferDecision(BufferDecision.Action.NONE, current, current, "unchanged: " + demand, ledger);
        }
        if (!ledger.isEmpty()) {
            return new BufferDecision(BufferDecision.Action.NONE, current, current,
                    "hold: " + demand + " (shrink waits until no node is at risk)", ledger);
        }
        if (ledger.clearedAt() != null && now.isBefore(ledger.clearedAt().plus(policy.cooldown()))) {
            return new BufferDecision(BufferDecision.Action.NONE, current, current,
                    "hold: cool-down until " + ledger.clearedAt().plus(policy.cooldown()), ledger);
        }
        return new BufferDecision(BufferDecision.Action.SHRINK, current, target,
                "shrink: no node at risk" + (ledger.clearedAt() == null ? "" : " since " + ledger.clearedAt()), ledger);
    }
}
