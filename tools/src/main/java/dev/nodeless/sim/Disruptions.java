package dev.nodeless.sim;

import java.util.List;

/**
 * What disrupts nodes. Every rate is per node so that scenarios of different size stay comparable.
 *
 * @param spotInterruptionsPerNodeMonth background rate of spot interruption warnings (AWS Spot Instance Advisor
 *                                      buckets: &lt;5%, 5-10%, ... &gt;20% of instances interrupted per month)
 * @param rebalanceShare                share of interruptions preceded by a rebalance recommendation
 * @param rebalanceLeadMinutes          [min, max] of how long before the warning that recommendation arrives
 * @param rebalanceOnlyPerNodeMonth     rebalance recommendations that are never followed by an interruption
 * @param drift                         a control-plane upgrade that drifts every node then (null: none)
 */
public record Disruptions(Double spotInterruptionsPerNodeMonth, Double rebalanceShare, List<Double> rebalanceLeadMinutes,
                          Double rebalanceOnlyPerNodeMonth, List<Storm> storms, List<ExpiryWave> expiryWaves, DriftWave drift) {
    public Disruptions {
        if (spotInterruptionsPerNodeMonth == null) spotInterruptionsPerNodeMonth = 0.2;
        if (rebalanceShare == null) rebalanceShare = 0.5;
        if (rebalanceLeadMinutes == null) rebalanceLeadMinutes = List.of(2.0, 10.0);
        if (rebalanceOnlyPerNodeMonth == null) rebalanceOnlyPerNodeMonth = 0.0;
        if (storms == null) storms = List.of();
        if (expiryWaves == null) expiryWaves = List.of();
        if (spotInterruptionsPerNodeMonth < 0 || rebalanceOnlyPerNodeMonth < 0) {
            throw new IllegalArgumentException("disruption rates must be >= 0");
        }
        if (rebalanceShare < 0 || rebalanceShare > 1) throw new IllegalArgumentException("rebalanceShare must be in [0, 1]");
        if (rebalanceLeadMinutes.size() != 2 || rebalanceLeadMinutes.get(0) > rebalanceLeadMinutes.get(1)
                || rebalanceLeadMinutes.get(0) < 0) {
            throw new IllegalArgumentException("rebalanceLeadMinutes must be [min, max] with 0 <= min <= max");
        }
        storms = List.copyOf(storms);
        expiryWaves = List.copyOf(expiryWaves);
    }

    public Disruptions(Double spotInterruptionsPerNodeMonth, Double rebalanceShare, List<Double> rebalanceLeadMinutes,
                       Double rebalanceOnlyPerNodeMonth, List<Storm> storms, List<ExpiryWave> expiryWaves) {
        this(spotInterruptionsPerNodeMonth, rebalanceShare, rebalanceLeadMinutes, rebalanceOnlyPerNodeMonth, storms, expiryWaves, null);
    }

    /** Hours in the average month (365.25 * 24 / 12). */
    static final double HOURS_PER_MONTH = 730.5;
}
