package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Groups the trace's initial pods into Deployments: pods of one size form Deployments of
 * {@link WorkloadParams#replicasPerWorkload} replicas, the i-th pod of a size (in node order) going to Deployment
 * {@code i mod count}, so replicas are spread over nodes as topology spread would place them. Which Deployments have a
 * PodDisruptionBudget or {@code do-not-disrupt} is drawn from the seed, never from the strategy.
 */
final class Deployments {

    private Deployments() {}

    /** For each initial node, for each of its pods, its Deployment. */
    static Workload[][] assign(List<Trace.InitialNode> nodes, WorkloadParams p, long seed) {
        Map<Resources, Integer> perSize = new HashMap<>();
        for (Trace.InitialNode n : nodes) for (Resources r : n.pods()) perSize.merge(r, 1, Integer::sum);
        Map<Resources, Workload[]> groups = new HashMap<>();
        SplittableRandom pdb = Rng.of(seed, "pdb");
        SplittableRandom doNotDisrupt = Rng.of(seed, "do-not-disrupt");
        int nextId = 0;
        for (Map.Entry<Resources, Integer> e : perSize.entrySet().stream()
                .sorted((a, b) -> Long.compare(a.getKey().milliCpu(), b.getKey().milliCpu()) != 0
                        ? Long.compare(a.getKey().milliCpu(), b.getKey().milliCpu())
                        : Long.compare(a.getKey().memoryBytes(), b.getKey().memoryBytes())).toList()) {
            Workload[] ws = new Workload[Math.max(1, e.getValue() / p.replicasPerWorkload())];
            for (int i = 0; i < ws.length; i++) {
                int budget = pdb.nextDouble() < p.pdbShare() ? p.maxUnavailable() : 0;
                ws[i] = new Workload(nextId++, budget, doNotDisrupt.nextDouble() < p.doNotDisruptShare());
            }
            groups.put(e.getKey(), ws);
        }
        Map<Resources, Integer> seen = new HashMap<>();
        Workload[][] out = new Workload[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            List<Resources> pods = nodes.get(i).pods();
            out[i] = new Workload[pods.size()];
            for (int j = 0; j < pods.size(); j++) {
                Workload[] ws = groups.get(pods.get(j));
                int k = seen.merge(pods.get(j), 1, Integer::sum) - 1;
                out[i][j] = ws[k % ws.length];
            }
        }
        return out;
    }
}
