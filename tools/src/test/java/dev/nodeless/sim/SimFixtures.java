package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Small hand-checkable worlds: one zone, one instance type (m5.large, 2000m allocatable: no reserve), pods of 500m,
 * node Ready exactly 60 s after launch, event latency 5 s, preemption 2 s, pods Ready as soon as bound (no image pull, no
 * probe: the tests of those set them), and the cluster exactly as given (not consolidated before the clock starts).
 */
final class SimFixtures {
    static final String POOL = "m5.large/a";
    static final Resources POD = Resources.of("500m", "0");

    private SimFixtures() {}

    static Scenario scenario(double hours, double expireAfterHours, String strategies) {
        return scenario(hours, expireAfterHours, strategies, "", "");
    }

    static final String M5_LARGE = """
            {"name": "m5.large", "vcpu": 2, "memoryGiB": 8, "spotPricePerHour": 0.04, "share": 1}""";

    /**
     * @param karpenter extra fields of {@code karpenter} (after a comma), or ""
     * @param workloads extra fields of {@code workloads} (after a comma), or ""
     */
    static Scenario scenario(double hours, double expireAfterHours, String strategies, String karpenter, String workloads) {
        return scenario(hours, expireAfterHours, strategies, karpenter, workloads, M5_LARGE);
    }

    static Scenario scenario(double hours, double expireAfterHours, String strategies, String karpenter, String workloads,
                             String instanceTypes) {
        String json = """
                {"name": "hand", "hours": %s,
                 "cluster": {"nodes": 2, "zones": ["a"], "expireAfterHours": %s, "reservedMilliCpu": 0, "reservedMemoryShare": 0,
                   "instanceTypes": [%s],
                   "podSizes": [{"cpu": "500m", "memory": "0", "share": 1}]},
                 "disruptions": {"spotInterruptionsPerNodeMonth": 0},
                 "karpenter": %s,
                 "maintenance": {"eventLatencySeconds": 5, "reconcileMinutes": 5},
                 "workloads": %s,
                 "strategies": %s}
                """.formatted(hours, expireAfterHours, instanceTypes,
                over("\"nodeReadyMedianSeconds\": 60, \"nodeReadyP90Seconds\": 60, \"startConsolidated\": false", karpenter),
                over("\"imagePullSeconds\": 0, \"readinessSeconds\": 0", workloads), strategies);
        try {
            return Scenario.parse(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scenario scenario(double hours, String strategies) {
        return scenario(hours, 100000, strategies);
    }

    /** A full m5.large node (4 pods of 500m) created at {@code createdAt} millis. */
    static Trace.InitialNode fullNode(long createdAt) {
        return new Trace.InitialNode("m5.large", "a", createdAt, Collections.nCopies(4, POD));
    }

    /** The fields of {@code base} with those of {@code extra} (", a: 1, ...") set over them, as one JSON object. */
    private static String over(String base, String extra) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            var merged = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("{" + base + "}");
            if (!extra.isBlank()) merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("{" + extra.replaceFirst("^\\s*,", "") + "}"));
            return json.writeValueAsString(merged);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An m5.large at time zero with {@code pods} pods of 500m (0 to 4). */
    static Trace.InitialNode node(int pods) {
        return new Trace.InitialNode("m5.large", "a", -1000, Collections.nCopies(pods, POD));
    }

    static List<Trace.InitialNode> fullNodes(int n) {
        List<Trace.InitialNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) nodes.add(fullNode(-1000));
        return nodes;
    }

    static Trace.Interruption warning(double atSeconds) {
        return new Trace.Interruption(Math.round(atSeconds * 1000), POOL, 0.0, -1, "background");
    }

    static Trace.Interruption warningAfterRebalance(double atSeconds, double leadSeconds) {
        return new Trace.Interruption(Math.round(atSeconds * 1000), POOL, 0.0, Math.round(leadSeconds * 1000), "background");
    }

    static Metrics run(Scenario s, Trace t, Strategy strategy) {
        return new Simulation(s, t, strategy, 1).run();
    }

    static Strategy strategy(Scenario s, String name) {
        return Strategy.all(s).stream().map(java.util.function.Supplier::get).filter(x -> x.name().equals(name))
                .findFirst().orElseThrow();
    }

    /** The value of a step series at a time (millis). */
    static int valueAt(Series s, long millis) {
        int v = 0;
        for (int i = 0; i < s.size() && s.time(i) <= millis; i++) v = s.value(i);
        return v;
    }
}
