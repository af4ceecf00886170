package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the strategy-independent {@link Trace} of a scenario. Each source has its own random stream
 * ({@link Rng}): the initial cluster, the expiry waves, the background interruptions, each storm, and the false
 * rebalance alarms.
 */
public final class TraceGenerator {

    private TraceGenerator() {}

    public static Trace generate(Scenario s, long seed) {
        List<Trace.InitialNode> nodes = initialNodes(s, seed);
        List<Trace.Interruption> interruptions = new ArrayList<>(background(s, seed));
        for (int i = 0; i < s.disruptions().storms().size(); i++) {
            interruptions.addAll(storm(s, s.disruptions().storms().get(i), countPool(nodes, s.disruptions().storms().get(i).pool()),
                    Rng.of(seed, "storm-" + i)));
        }
        interruptions.sort(Comparator.comparingLong(Trace.Interruption::warnAt));
        return new Trace(List.copyOf(nodes), List.copyOf(interruptions), falseAlarms(s, seed));
    }

    /** Nodes at time zero, filled to the target utilization; ages uniform over expireAfter except the waves. */
    static List<Trace.InitialNode> initialNodes(Scenario s, long seed) {
        ClusterParams c = s.cluster();
        SplittableRandom r = Rng.of(seed, "cluster");
        long expireAfter = c.expireAfterMillis();
        List<Trace.InitialNode> nodes = new ArrayList<>();
        java.util.Map<PodSize, Resources> requests = new java.util.HashMap<>(); // each size's quantities parsed once
        for (PodSize p : c.podSizes()) requests.put(p, p.requests());
        for (int i = 0; i < c.nodes(); i++) {
            InstanceType type = weighted(r, c.instanceTypes(), InstanceType::share);
            String zone = c.zones().get(i % c.zones().size());
            long createdAt = -(long) (r.nextDouble() * expireAfter);
            nodes.add(new Trace.InitialNode(type.name(), zone, createdAt, fill(r, c, type, requests)));
        }
        SplittableRandom waves = Rng.of(seed, "expiry-waves");
        for (ExpiryWave w : s.disruptions().expiryWaves()) {
            long createdAt = Math.round(w.atMinutes() * 60_000) - expireAfter;
            if (createdAt > 0) {
                throw new IllegalArgumentException("expiry wave at " + w.atMinutes() + " min is later than expireAfter ("
                        + c.expireAfterHours() + " h): initial nodes cannot expire then");
            }
            if (w.nodes() > nodes.size()) throw new IllegalArgumentException("expiry wave of " + w.nodes() + " nodes > cluster");
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) order.add(i);
            for (int k = 0; k < w.nodes(); k++) { // partial Fisher-Yates: w.nodes() distinct nodes
                int j = k + waves.nextInt(order.size() - k);
                int tmp = order.get(k);
                order.set(k, order.get(j));
                order.set(j, tmp);
                Trace.InitialNode n = nodes.get(order.get(k));
                nodes.set(order.get(k), new Trace.InitialNode(n.instanceType(), n.zone(), createdAt, n.pods()));
            }
        }
        return nodes;
    }

    private static List<Resources> fill(SplittableRandom r, ClusterParams c, InstanceType type, java.util.Map<PodSize, Resources> requests) {
        Resources alloc = Allocatable.of(type, c);
        long targetCpu = (long) (alloc.milliCpu() * c.targetUtilization());
        List<Resources> pods = new ArrayList<>();
        Resources used = Resources.ZERO;
        while (used.milliCpu() < targetCpu) {
            Resources p = requests.get(weighted(r, c.podSizes(), PodSize::share));
            Resources next = used.plus(p);
            if (next.milliCpu() > alloc.milliCpu() || next.memoryBytes() > alloc.memoryBytes()) break;
            pods.add(p);
            used = next;
        }
        return List.copyOf(pods);
    }

    /** Background warnings: a Poisson process at the per-node rate times the initial node count. */
    static List<Trace.Interruption> background(Scenario s, long seed) {
        Disruptions d = s.disruptions();
        SplittableRandom r = Rng.of(seed, "background");
        double perHour = d.spotInterruptionsPerNodeMonth() / Disruptions.HOURS_PER_MONTH * s.cluster().nodes();
        List<Trace.Interruption> out = new ArrayList<>();
        if (perHour <= 0) return out;
        double t = 0;
        while (true) {
            t += Rng.exponential(r, perHour);
            if (t >= s.hours()) return out;
            String pool = randomPool(r, s.cluster());
            out.add(new Trace.Interruption(Math.round(t * 3_600_000), pool, r.nextDouble(),
                    rebalanceLead(r, d, d.rebalanceShare()), "background"));
        }
    }

    /** A storm: round(fraction x pool size) warnings uniform over its window. */
    static List<Trace.Interruption> storm(Scenario s, Storm storm, int poolSize, SplittableRandom r) {
        Disruptions d = s.disruptions();
        double share = storm.rebalanceShare() == null ? d.rebalanceShare() : storm.rebalanceShare();
        int count = (int) Math.round(storm.fraction() * poolSize);
        long start = Math.round(storm.atMinutes() * 60_000);
        long window = Math.round(storm.withinMinutes() * 60_000);
        List<Trace.Interruption> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long at = start + (long) (r.nextDouble() * window);
            if (at >= s.horizonMillis()) continue;
            out.add(new Trace.Interruption(at, storm.pool(), r.nextDouble(), rebalanceLead(r, d, share), "storm"));
        }
        return out;
    }

    static List<Trace.RebalanceOnly> falseAlarms(Scenario s, long seed) {
        SplittableRandom r = Rng.of(seed, "rebalance-only");
        double perHour = s.disruptions().rebalanceOnlyPerNodeMonth() / Disruptions.HOURS_PER_MONTH * s.cluster().nodes();
        List<Trace.RebalanceOnly> out = new ArrayList<>();
        if (perHour <= 0) return out;
        double t = 0;
        while (true) {
            t += Rng.exponential(r, perHour);
            if (t >= s.hours()) return List.copyOf(out);
            out.add(new Trace.RebalanceOnly(Math.round(t * 3_600_000), randomPool(r, s.cluster()), r.nextDouble()));
        }
    }

    private static long rebalanceLead(SplittableRandom r, Disruptions d, double share) {
        // Always draw both numbers so one interruption's choice does not shift the next one's draws.
        boolean preceded = r.nextDouble() < share;
        double lo = d.rebalanceLeadMinutes().get(0);
        double hi = d.rebalanceLeadMinutes().get(1);
        long lead = Math.round((lo + r.nextDouble() * (hi - lo)) * 60_000);
        return preceded ? lead : -1;
    }

    private static String randomPool(SplittableRandom r, ClusterParams c) {
        InstanceType type = weighted(r, c.instanceTypes(), InstanceType::share);
        return type.name() + "/" + c.zones().get(r.nextInt(c.zones().size()));
    }

    private static int countPool(List<Trace.InitialNode> nodes, String pool) {
        int n = 0;
        for (Trace.InitialNode node : nodes) if ((node.instanceType() + "/" + node.zone()).equals(pool)) n++;
        return n;
    }

    static <T> T weighted(SplittableRandom r, List<T> items, java.util.function.ToDoubleFunction<T> weight) {
        double total = 0;
        for (T t : items) total += weight.applyAsDouble(t);
        double x = r.nextDouble() * total;
        for (T t : items) {
            x -= weight.applyAsDouble(t);
            if (x < 0) return t;
        }
        return items.get(items.size() - 1);
    }
}
