package dev.nodeless.sim;

/**
 * A correlated spot reclaim of one capacity pool: {@code fraction} of the pool's nodes receive interruption
 * warnings spread uniformly over {@code withinMinutes}, starting {@code atMinutes} into the run.
 *
 * @param pool           {@code <instance type>/<zone>}
 * @param rebalanceShare share of the storm's warnings preceded by a rebalance recommendation (null: the scenario's)
 */
public record Storm(double atMinutes, String pool, double fraction, double withinMinutes, Double rebalanceShare) {
    public Storm {
        if (fraction < 0 || fraction > 1) throw new IllegalArgumentException("storm fraction must be in [0, 1], got " + fraction);
        if (withinMinutes < 0 || atMinutes < 0) throw new IllegalArgumentException("storm times must be >= 0");
    }

    public String instanceType() {
        return pool.split("/")[0];
    }

    public String zone() {
        return pool.split("/")[1];
    }
}
