package dev.nodeless.sim;

import java.util.Locale;

/** The per-scenario table. */
public final class Report {

    private Report() {}

    public static String table(Comparison c) {
        Trace t = c.trace();
        Scenario s = c.scenario();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s (seed %d): %d nodes, %.0f h; %d spot warnings (%d background, %d storm),"
                        + " %d rebalance recommendations%n",
                s.name(), c.seed(), s.cluster().nodes(), s.hours(), t.interruptions().size(), t.count("background"),
                t.count("storm"), t.rebalanceRecommendations()));
        out.append(String.format(Locale.ROOT, "%-16s %8s %13s %10s %10s %9s %9s %8s %8s %8s %9s%n",
                "strategy", "extra $", "pending pod-s", "wait p50 s", "wait p99 s", "evictions", "launched",
                "consol.", "expired", "buffer $", "nodes $"));
        for (Metrics m : c.rows()) {
            out.append(String.format(Locale.ROOT, "%-16s %8.2f %13.0f %10.1f %10.1f %9d %9d %8d %8d %8.2f %9.2f%n",
                    m.strategy, c.extraUsd(m), m.pendingPodSeconds(), m.waitPercentile(0.50), m.waitPercentile(0.99),
                    m.displaced, m.launched, m.consolidated, m.expiries, m.bufferUsd(), m.nodeUsd()));
        }
        return out.toString();
    }
}
