package dev.nodeless.buffer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which drifted NodeClaims Karpenter will replace next (pure). After a control-plane upgrade (or any change of the
 * EC2NodeClass or NodePool template) Karpenter marks NodeClaims {@code Drifted=True} and replaces them, as many at once
 * as each NodePool's disruption budget allows for the reason {@code Drifted}. The same rule, read from
 * kubernetes-sigs/karpenter (commit 02cd5011, {@code pkg/apis/v1/nodepool.go} GetAllowedDisruptionsByReason and
 * Budget.GetAllowedDisruptions; {@code pkg/controllers/disruption/helpers.go} BuildDisruptionBudgetMapping;
 * {@code drift.go} ComputeCommand), here:
 * <ul>
 *   <li>a budget applies when it lists no reasons or lists {@code Drifted}; the allowed count is the minimum over the
 *       budgets that apply (none: unbounded);</li>
 *   <li>{@code nodes} is a count or a percentage of the pool's nodes, and a percentage is rounded UP
 *       ({@code intstr.GetScaledValueFromIntOrPercent(..., true)}: 10 % of 11 nodes allows 2, 5 % of 10 allows 1);
 *       a value that does not parse allows 0 (Karpenter fails closed);</li>
 *   <li>nodes already being deleted use up the budget (allowed minus disrupting), and are displaced now;</li>
 *   <li>candidates go oldest drift first ({@code Drifted} condition's lastTransitionTime).</li>
 * </ul>
 * A NodePool without budgets gets the CRD's default, one budget of {@code 10%}. Ignored, and so over-counted (the
 * safe side for a buffer), with the reason in {@link #IGNORED_SCHEDULED}: a budget with a {@code schedule}, whose cron
 * window is not evaluated here (treated as inactive, as Karpenter treats it outside its window).
 */
public final class DriftForecast {

    public static final String REASON = "Drifted";
    public static final String IGNORED_SCHEDULED = "a budget with a schedule is treated as inactive (its cron window is not evaluated)";
    /** karpenter.sh_nodepools.yaml: {@code spec.disruption.budgets} defaults to {@code [{nodes: 10%}]}. */
    public static final List<Budget> CRD_DEFAULT = List.of(new Budget("10%", null, null));

    /** One entry of a NodePool's {@code spec.disruption.budgets}. */
    public record Budget(String nodes, List<String> reasons, String schedule) {}

    /** A NodeClaim as the forecast needs it; {@code driftedSince} null when not drifted. */
    public record Candidate(String claim, String node, String nodePool, Instant driftedSince, boolean deleting) {}

    private DriftForecast() {}

    /** How many nodes of a pool of {@code nodes} Karpenter may disrupt at once for drift ({@link Integer#MAX_VALUE}: no limit). */
    public static int allowed(List<Budget> budgets, int nodes) {
        int allowed = Integer.MAX_VALUE;
        for (Budget b : budgets == null || budgets.isEmpty() ? CRD_DEFAULT : budgets) {
            if (b.schedule() != null && !b.schedule().isBlank()) continue; // IGNORED_SCHEDULED
            if (b.reasons() != null && !b.reasons().isEmpty() && !b.reasons().contains(REASON)) continue;
            allowed = Math.min(allowed, scaled(b.nodes(), nodes));
        }
        return allowed;
    }

    static int scaled(String value, int nodes) {
        if (value == null) return scaled("10%", nodes); // the CRD's default for nodes
        String v = value.trim();
        try {
            if (v.endsWith("%")) {
                BigDecimal percent = new BigDecimal(v.substring(0, v.length() - 1));
                if (percent.signum() < 0) return 0;
                return percent.multiply(BigDecimal.valueOf(nodes)).divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING).intValueExact();
            }
            return Math.max(0, Integer.parseInt(v));
        } catch (NumberFormatException | ArithmeticException e) {
            return 0; // Karpenter fails closed on a value it cannot read
        }
    }

    /**
     * The drifted NodeClaims (on live nodes) that Karpenter replaces in its next wave: per NodePool, those already being
     * deleted, then the oldest drifted up to what the budget still allows.
     *
     * @param budgets each NodePool's budgets by name (a pool missing here gets {@link #CRD_DEFAULT})
     */
    public static List<Candidate> nextWave(List<Candidate> claims, Set<String> live, Map<String, List<Budget>> budgets) {
        Map<String, List<Candidate>> byPool = new LinkedHashMap<>();
        for (Candidate c : claims) {
            if (c.node() == null || !live.contains(c.node()) || c.nodePool() == null) continue;
            byPool.computeIfAbsent(c.nodePool(), k -> new ArrayList<>()).add(c);
        }
        List<Candidate> wave = new ArrayList<>();
        byPool.forEach((pool, members) -> {
            long deleting = members.stream().filter(Candidate::deleting).count();
            int total = (int) (members.size() - deleting);
            long room = Math.max(0, (long) allowed(budgets.get(pool), total) - deleting);
            members.stream().filter(c -> c.driftedSince() != null && c.deleting()).forEach(wave::add);
            members.stream().filter(c -> c.driftedSince() != null && !c.deleting())
                    .sorted(Comparator.comparing(Candidate::driftedSince).thenComparing(Candidate::claim))
                    .limit(room).forEach(wave::add);
        });
        return wave;
    }
}
