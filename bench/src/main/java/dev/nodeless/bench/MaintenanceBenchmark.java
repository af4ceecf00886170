package dev.nodeless.bench;

import dev.nodeless.buffer.BufferPolicy;
import dev.nodeless.buffer.Resources;
import dev.nodeless.event.InstanceIds;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.maintenance.InstanceDirectory;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.MaintenanceStep;
import dev.nodeless.maintenance.ManagedClusters;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Kubernetes requests and handler time per event, for clusters of 50 and 2,000 nodes (30 pods each) on the
 * fabric8 mock server, in the same run. Each event is a spot interruption warning for a different node, handled
 * by the same classify -> resolve -> size code the Lambdas run (EC2 resolution replaced by the Nodes' providerIDs:
 * it is one DescribeInstances call whatever the cluster size). Also one scheduled reconcile dry run per size,
 * the only place where full (paginated) lists are read. Pods live in the emulator's nodeName index only (see
 * {@link KubeEmulator#seedPodsIndexOnly}); Nodes and the buffer are in its CRUD store, which scans all objects per
 * lookup, so part of the remaining growth with size is the emulator's, not the handler's.
 */
public final class MaintenanceBenchmark {

    static final int PODS_PER_NODE = 30;
    static final int WARMUP = 100;
    static final int MEASURED = 300;
    static final int STORM = 50;
    private static final List<Logger> QUIET = List.of(Logger.getLogger("io.fabric8"), Logger.getLogger("dev.nodeless"));

    record Result(int nodes, double requestsPerEvent, int maxRequests, double p50, double p99, double max,
                  int reconcileRequests, double reconcileMillis, double seedSeconds, double getP50, double getP99) {}

    public static void main(String[] args) throws Exception {
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
        int[] sizes = args.length == 0 ? new int[] {50, 2000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        run(sizes[0], false); // JIT warm-up on a throwaway cluster, so the first size is measured warm too
        List<Result> results = new ArrayList<>();
        for (int n : sizes) results.add(run(n, true));
        System.out.printf("%nMaintenance handler per event (spot warning, classify+resolve+size), %d pods/node, %d warm-up + %d measured events%n",
                PODS_PER_NODE, WARMUP, MEASURED);
        System.out.printf("%-7s %-9s %-13s %-8s %-8s %-8s %-8s | %-18s %-14s %-7s | %s%n", "nodes", "pods", "k8s req/event", "max req",
                "p50 ms", "p99 ms", "max ms", "reconcile requests", "reconcile ms", "seed s", "emulator GET p50/p99 ms");
        for (Result r : results) {
            System.out.printf("%-7d %-9d %-13.2f %-8d %-8.2f %-8.2f %-8.2f | %-18d %-14.1f %-7.1f | %.2f / %.2f%n", r.nodes(), r.nodes() * PODS_PER_NODE,
                    r.requestsPerEvent(), r.maxRequests(), r.p50(), r.p99(), r.max(), r.reconcileRequests(), r.reconcileMillis(), r.seedSeconds(),
                    r.getP50(), r.getP99());
        }
        if (results.size() >= 2) {
            Result a = results.get(0), b = results.get(results.size() - 1);
            System.out.printf("ratio %d/%d nodes: requests/event x%.2f, p50 x%.2f, p99 x%.2f%n", b.nodes(), a.nodes(),
                    b.requestsPerEvent() / a.requestsPerEvent(), b.p50() / a.p50(), b.p99() / a.p99());
        }
    }

    static Result run(int nodes, boolean print) throws Exception {
        try (KubeEmulator kube = new KubeEmulator()) {
            long t0 = System.nanoTime();
            List<String> names = new ArrayList<>();
            Map<String, String> nodeByInstance = new HashMap<>();
            for (int i = 0; i < nodes; i++) {
                String name = "ip-10-%d-%d-%d.eu-west-1.compute.internal".formatted(i / 65536, (i / 256) % 256, i % 256);
                String instance = "i-0%016x".formatted(i + 1);
                String zone = "eu-west-1" + "abc".charAt(i % 3);
                names.add(name);
                nodeByInstance.put(instance, name);
                kube.seed(new NodeBuilder().withNewMetadata().withName(name).addToLabels("topology.kubernetes.io/zone", zone).endMetadata()
                        .withNewSpec().withProviderID("aws:///" + zone + "/" + instance).endSpec().build());
                kube.seedPodsIndexOnly(BenchPods.on(name, PODS_PER_NODE));
            }
            kube.seed(new DeploymentBuilder().withNewMetadata().withNamespace("nodeless").withName("pause-pods").endMetadata()
                    .withNewSpec().withReplicas(2).endSpec().build());
            double seedSeconds = (System.nanoTime() - t0) / 1e9;

            BufferPolicy policy = new BufferPolicy(2, 100_000, Resources.of("1", "1Gi"), Duration.ofMinutes(10), Duration.ofMinutes(30));
            ManagedClusters.ManagedCluster cluster = new ManagedClusters.ManagedCluster("bench", policy, "pause-pods");
            Clock clock = Clock.fixed(Instant.parse("2026-11-20T09:30:05Z"), ZoneOffset.UTC);
            InstanceDirectory instances = new InstanceDirectory() {
                @Override
                public Map<String, Instance> describe(Collection<String> ids) {
                    Map<String, Instance> m = new HashMap<>();
                    ids.forEach(id -> Optional.ofNullable(nodeByInstance.get(id)).ifPresent(n -> m.put(id, new Instance(id, "bench", List.of(n)))));
                    return m;
                }
            };
            ManagedClusters registry = new ManagedClusters() {
                @Override public Optional<ManagedCluster> find(String name) { return Optional.of(cluster); }
                @Override public List<ManagedCluster> all() { return List.of(cluster); }
            };
            MaintenanceService service = new MaintenanceService(instances, registry,
                    c -> new KubeClusterApi(kube.rest(), KubeClusterApi.Backend.PAUSE_PODS, clock), clock);

            int events = WARMUP + MEASURED;
            int warmup = WARMUP;
            double[] millis = new double[events - warmup];
            int requests = 0, maxRequests = 0;
            for (int e = 0; e < events; e++) {
                // a different node each time, spread over the cluster; every STORM events the buffer is put back to
                // baseline (outside the timing), so every measured event takes the grow path and the ledger holds at
                // most STORM nodes at both sizes (its size follows the at-risk count, not the cluster size)
                int round = Math.min(nodes, events);
                if (e > 0 && e % STORM == 0) {
                    kube.client().apps().deployments().inNamespace("nodeless").withName("pause-pods").edit(d -> {
                        d.getMetadata().getAnnotations().remove(dev.nodeless.spec.ResourceNames.LEDGER_ANNOTATION);
                        d.getSpec().setReplicas(2);
                        return d;
                    });
                }
                String instance = "i-0%016x".formatted((int) ((long) (e % round) * nodes / round) + 1);
                String event = """
                        {"version":"0","id":"bench-%d","detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2",
                         "account":"123456789012","time":"2026-11-20T09:30:00Z","region":"eu-west-1",
                         "resources":["arn:aws:ec2:eu-west-1a:instance/%s"],"detail":{"instance-id":"%s","instance-action":"terminate"}}
                        """.formatted(e, instance, instance);
                kube.clearRequests();
                long s = System.nanoTime();
                MaintenanceStep step = service.size(service.resolve(service.classify(event)));
                long took = System.nanoTime() - s;
                if (!"grow".equals(step.action()) && !"none".equals(step.action())) {
                    throw new IllegalStateException("event " + e + " ended " + step.action() + ": " + step.reason());
                }
                if (print && e == events - 1) {
                    System.out.println("requests of the last event at " + nodes + " nodes:");
                    kube.requests().forEach(r -> System.out.println("  " + (r.length() > 110 ? r.substring(0, 110) + "..." : r)));
                }
                if (e >= warmup) {
                    millis[e - warmup] = took / 1e6;
                    int r = kube.requests().size();
                    requests += r;
                    maxRequests = Math.max(maxRequests, r);
                }
            }
            // The emulator's own cost: one GET by name of the buffer, timed alone. fabric8's CRUD mock scans every
            // stored object per lookup, so this grows with the cluster; a real API server answers from an index.
            double[] getMillis = new double[MEASURED];
            for (int g = 0; g < MEASURED; g++) {
                long gs = System.nanoTime();
                kube.client().apps().deployments().inNamespace("nodeless").withName("pause-pods").get();
                getMillis[g] = (System.nanoTime() - gs) / 1e6;
            }
            Arrays.sort(getMillis);
            kube.clearRequests();
            long rs = System.nanoTime();
            service.reconcileNeeded(cluster);
            double reconcileMillis = (System.nanoTime() - rs) / 1e6;
            int reconcileRequests = kube.requests().size();
            Arrays.sort(millis);
            return new Result(nodes, (double) requests / millis.length, maxRequests, pct(millis, 50), pct(millis, 99),
                    millis[millis.length - 1], reconcileRequests, reconcileMillis, seedSeconds, pct(getMillis, 50), pct(getMillis, 99));
        }
    }

    static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
