package dev.nodeless.sim;

/**
 * A control-plane upgrade at {@code atMinutes}: every node that exists then runs an image of the old version, so
 * Karpenter marks it Drifted and replaces it, as many at once as the NodePool's disruption budget
 * ({@code budgetPercent} of its nodes, rounded up as Karpenter rounds it) allows, launching each replacement before it
 * drains the drifted node.
 */
public record DriftWave(double atMinutes, double budgetPercent) {
    public DriftWave {
        if (atMinutes < 0 || !(budgetPercent > 0) || budgetPercent > 100) {
            throw new IllegalArgumentException("drift needs atMinutes >= 0 and 0 < budgetPercent <= 100");
        }
    }

    /** The NodePool budget as Karpenter's CRD spells it. */
    String nodes() {
        return KarpenterParams.budgetNodes(budgetPercent);
    }
}
