package dev.nodeless.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.nodeless.buffer.BufferPolicy;
import dev.nodeless.buffer.Resources;
import dev.nodeless.kube.KubeClients;
import dev.nodeless.kube.KubeHttp;
import dev.nodeless.kube.KubeRest;
import dev.nodeless.kube.ReconcileClusterStep;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.ManagedClusters;
import dev.nodeless.maintenance.ReconcileScheduler;
import dev.nodeless.maintenance.ReconcileScheduler.Outcome;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One scheduled tick of reconcile-fleet against {@code clusters} emulated clusters of {@code nodes} nodes each: the
 * production per-cluster step ({@link ReconcileClusterStep} over {@link ReconcileScheduler} and {@link KubeClusterApi},
 * as the reconcileCluster Lambda runs it) for every cluster, on clients configured like production ({@link KubeRest} over
 * {@link KubeHttp}, 20 s request timeout, 2 retries from 250 ms).
 * <p>What stands in for AWS: the Distributed Map is a thread pool of the definition's MaxConcurrency, and each item
 * gets the definition's TimeoutSeconds, its Retry (typed errors, backoff, full jitter) and its Catch (a failure record),
 * all read from statemachine/reconcile-fleet.asl.json; the registry is in memory (the list step is one Scan, not per
 * cluster); a started maintain-buffer execution is recorded, not started. The healthy clusters share one emulated API
 * server's objects (nodes, 30 pods per node as in MaintenanceBenchmark, one NodeClaim per node, the buffer); each has
 * its own client. One more cluster's API answers 503 to every request.
 * <p>Printed: exactly one line on stdout (the figures); the breakdown and the baseline (the same clusters walked one
 * after another in one thread, the shape of the single Lambda this replaced) on stderr.
 */
public final class FleetReconcileBenchmark {

    static final int PODS_PER_NODE = MaintenanceBenchmark.PODS_PER_NODE;
    static final String BROKEN = "broken";
    static final Instant NOW = Instant.parse("2026-11-20T09:30:05Z");
    static final Duration EXPIRE_AFTER = Duration.ofHours(720);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Held strongly: java.util.logging forgets a level set on a logger nobody references. Per-cluster lines are INFO. */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("io.fabric8"), Logger.getLogger("dev.nodeless"));

    /** The Map item's settings, read from the deployed definition. */
    record Item(int maxConcurrency, int timeoutSeconds, List<Retrier> retriers) {}

    record Retrier(Set<String> errors, double interval, int maxAttempts, double backoffRate) {}

    /** One cluster's result: the outcome, its wall time and the requests its client sent. */
    record Run(String cluster, Outcome outcome, double seconds, int attempts, String record) {}

    public static void main(String[] args) throws Exception {
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int healthy = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Item item = item(Path.of(args.length > 2 ? args[2] : "statemachine/reconcile-fleet.asl.json"));

        try (KubeEmulator kube = new KubeEmulator()) {
            long s0 = System.nanoTime();
            int expiring = seed(kube, nodes);
            double seedSeconds = (System.nanoTime() - s0) / 1e9;
            HttpServer broken = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            AtomicInteger brokenRequests = new AtomicInteger();
            broken.createContext("/", ex -> {
                brokenRequests.incrementAndGet();
                byte[] body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":503,\"message\":\"the API server is down\"}"
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(503, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            broken.setExecutor(Executors.newFixedThreadPool(2));
            broken.start();

            List<String> names = new ArrayList<>();
            for (int c = 0; c < healthy; c++) names.add("cluster-%02d".formatted(c));
            names.add(BROKEN);
            Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
            Map<String, KubeRest> clients = new LinkedHashMap<>();
            for (String n : names) {
                sent.put(n, new AtomicInteger());
                String url = n.equals(BROKEN) ? "http://127.0.0.1:" + broken.getAddress().getPort() : kube.url();
                clients.put(n, client(url, sent.get(n)));
            }
            try {
                // warm-up (JIT, connections) on one healthy cluster, outside the figures
                tick(List.of(names.get(0)), clients, item, false);
                kube.clearRequests();
                sent.values().forEach(a -> a.set(0));
                brokenRequests.set(0);

                long t0 = System.nanoTime();
                Tick fanOut = tick(names, clients, item, true);
                double tickSeconds = (System.nanoTime() - t0) / 1e9;
                int emulatorRequests = kube.requests().size();
                int brokenSent = brokenRequests.get();
                Map<String, Integer> requests = new LinkedHashMap<>();
                sent.forEach((n, a) -> requests.put(n, a.get()));

                // baseline: the same production step, the clusters one after another in one thread (broken first)
                List<String> sequential = new ArrayList<>(names);
                sequential.remove(BROKEN);
                sequential.add(0, BROKEN);
                long b0 = System.nanoTime();
                Tick walk = tick(sequential, clients, new Item(1, Integer.MAX_VALUE, List.of()), true);
                double walkSeconds = (System.nanoTime() - b0) / 1e9;

                report(healthy, nodes, expiring, item, fanOut, tickSeconds, walk, walkSeconds, requests, emulatorRequests, brokenSent, seedSeconds);
            } finally {
                clients.values().forEach(KubeRest::close);
                broken.stop(0);
                ((java.util.concurrent.ExecutorService) broken.getExecutor()).shutdownNow();
            }
        }
    }

    record Tick(List<Run> runs, List<String> started) {}

    /** One tick: each cluster an item of the "Map", at most maxConcurrency at once, each with its timeout, retry and catch. */
    static Tick tick(List<String> names, Map<String, KubeRest> clients, Item item, boolean record) throws Exception {
        ConcurrentLinkedQueue<String> started = new ConcurrentLinkedQueue<>();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        BufferPolicy policy = new BufferPolicy(2, 100_000, Resources.of("1", "1Gi"), Duration.ofMinutes(10), Duration.ofMinutes(30));
        ManagedClusters registry = new ManagedClusters() {
            @Override public Optional<ManagedCluster> find(String name) { return Optional.of(new ManagedCluster(name, policy, "pause-pods")); }
            @Override public List<ManagedCluster> all() { return names.stream().map(n -> new ManagedCluster(n, policy, "pause-pods")).toList(); }
        };
        MaintenanceService service = new MaintenanceService(ids -> Map.of(), registry,
                c -> new KubeClusterApi(clients.get(c.name()), KubeClusterApi.Backend.PAUSE_PODS, clock), clock);
        ReconcileClusterStep step = new ReconcileClusterStep(new ReconcileScheduler(service, (name, input) -> started.add(name)));
        ExecutorService map = Executors.newFixedThreadPool(Math.min(item.maxConcurrency(), names.size()));
        ExecutorService attempts = Executors.newCachedThreadPool();
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (String n : names) futures.add(map.submit(() -> item(n, step, item, attempts)));
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) runs.add(f.get());
            return new Tick(runs, new ArrayList<>(started));
        } finally {
            map.shutdownNow();
            attempts.shutdownNow();
        }
    }

    /** What one Map item does in Step Functions: attempt, retry a matching typed error with backoff, else catch. */
    static Run item(String cluster, ReconcileClusterStep step, Item item, ExecutorService attempts) throws InterruptedException {
        long s = System.nanoTime();
        Map<Retrier, Integer> used = new LinkedHashMap<>();
        int attempt = 0;
        while (true) {
            attempt++;
            Future<Outcome> f = attempts.submit(() -> step.run(cluster));
            String error;
            String cause;
            try {
                Outcome o = item.timeoutSeconds() == Integer.MAX_VALUE ? f.get() : f.get(item.timeoutSeconds(), TimeUnit.SECONDS);
                return new Run(cluster, o, (System.nanoTime() - s) / 1e9, attempt, JSON.writeValueAsString(o));
            } catch (TimeoutException t) {
                f.cancel(true);
                error = "States.Timeout";
                cause = "no answer within " + item.timeoutSeconds() + " s";
            } catch (java.util.concurrent.ExecutionException e) {
                error = e.getCause().getClass().getName();
                cause = e.getCause().getMessage();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            Retrier r = null;
            for (Retrier candidate : item.retriers()) if (candidate.errors().contains(error)) { r = candidate; break; }
            int n = r == null ? 0 : used.getOrDefault(r, 0);
            if (r == null || n >= r.maxAttempts()) {
                // the item's Catch: ClusterFailed records the error (its Cause is the Java runtime's error JSON, with the
                // empty stack trace ReconcileClusterStep leaves); the other items never see it
                var failed = JSON.createObjectNode().put("cluster", cluster).put("outcome", ReconcileScheduler.FAILED).put("error", error);
                failed.put("reason", JSON.createObjectNode().put("errorMessage", cause).put("errorType", error).set("stackTrace",
                        JSON.createArrayNode()).toString());
                return new Run(cluster, new Outcome(cluster, ReconcileScheduler.FAILED, null, error + ": " + cause),
                        (System.nanoTime() - s) / 1e9, attempt, failed.toString());
            }
            used.put(r, n + 1);
            double wait = r.interval() * Math.pow(r.backoffRate(), n);
            Thread.sleep((long) (ThreadLocalRandom.current().nextDouble(wait) * 1000)); // JitterStrategy FULL
        }
    }

    static void report(int healthy, int nodes, int expiring, Item item, Tick fanOut, double tickSeconds, Tick walk, double walkSeconds,
                       Map<String, Integer> requests, int emulatorRequests, int brokenSent, double seedSeconds) {
        List<Integer> healthyRequests = requests.entrySet().stream().filter(e -> !e.getKey().equals(BROKEN)).map(Map.Entry::getValue).toList();
        List<Run> served = fanOut.runs().stream().filter(r -> !r.cluster().equals(BROKEN)).toList();
        Run broken = fanOut.runs().stream().filter(r -> r.cluster().equals(BROKEN)).findFirst().orElseThrow();
        int starved = (int) served.stream().filter(r -> !Set.of(ReconcileScheduler.RECONCILED, ReconcileScheduler.UNCHANGED)
                .contains(r.outcome().outcome())).count();
        boolean isolated = broken.outcome().outcome().equals(ReconcileScheduler.FAILED) && starved == 0;
        double[] seconds = served.stream().mapToDouble(Run::seconds).sorted().toArray();
        int perCluster = healthyRequests.stream().mapToInt(Integer::intValue).max().orElse(0);
        int pages = 2 * (int) Math.ceil(nodes / 500.0); // Node pages + NodeClaim pages
        System.out.printf("fleet-reconcile clusters=%d nodes=%d pods=%d requests_per_cluster=%d tick_s=%.1f p99_cluster_s=%.2f starved=%d broken_isolated=%s%n",
                healthy + 1, nodes, nodes * PODS_PER_NODE, perCluster, tickSeconds, pct(seconds, 99), starved, isolated ? "yes" : "no");
        System.err.printf("  Map stand-in: thread pool of MaxConcurrency=%d, item TimeoutSeconds=%d, Retry %s (from the ASL); "
                        + "registry in memory, maintain-buffer starts recorded (%d: %s...)%n", item.maxConcurrency(), item.timeoutSeconds(),
                item.retriers().stream().map(r -> r.maxAttempts() + "x" + r.errors().size() + " errors").toList(), fanOut.started().size(),
                fanOut.started().stream().limit(2).toList());
        System.err.printf("  per healthy cluster: %d nodes + %d NodeClaims = %d pages of 500; %d claims expire within the 30-min look-ahead "
                + "(one pod list each); requests max %d, min %d; emulator saw %d requests in the tick = sum over healthy clusters %d%n",
                nodes, nodes, pages, expiring, perCluster, healthyRequests.stream().mapToInt(Integer::intValue).min().orElse(0), emulatorRequests,
                healthyRequests.stream().mapToInt(Integer::intValue).sum());
        System.err.printf("  healthy cluster seconds: p50 %.2f, p99 %.2f, max %.2f; broken: %s after %d attempt(s), %.1f s, %d requests answered 503%n",
                pct(seconds, 50), pct(seconds, 99), seconds[seconds.length - 1], broken.outcome().reason(), broken.attempts(), broken.seconds(), brokenSent);
        double[] walkCluster = walk.runs().stream().filter(r -> !r.cluster().equals(BROKEN)).mapToDouble(Run::seconds).sorted().toArray();
        System.err.printf("  baseline, the same clusters walked in sequence in one thread (broken first, no retry): %.1f s for the tick "
                        + "(fan-out %.1f s, x%.2f); healthy cluster p50 %.2f s%n", walkSeconds, tickSeconds, walkSeconds / tickSeconds, pct(walkCluster, 50));
        int unchangedBytes = 0;
        try {
            unchangedBytes = JSON.writeValueAsString(new Outcome("cluster-00", ReconcileScheduler.UNCHANGED, null, "no change")).length();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        int reconciledBytes = served.stream().mapToInt(r -> r.record().length()).max().orElse(0);
        int brokenBytes = broken.record().length();
        System.err.printf("  Map output (limit 256 KiB = 262,144 bytes): a record is %d bytes unchanged, up to %d reconciled, %d failed "
                        + "(caught); fleets that fit: %,d all unchanged, %,d all reconciled, %,d all failed%n", unchangedBytes, reconciledBytes,
                brokenBytes, 262_144 / (unchangedBytes + 1), 262_144 / (reconciledBytes + 1), 262_144 / (brokenBytes + 1));
        System.err.printf("  seeding the emulator: %.1f s; load average %s on %d CPUs%n", seedSeconds, loadAverage(), Runtime.getRuntime().availableProcessors());
    }

    /** The maintenance path's client as production builds it ({@link KubeRest#connect}: 20 s timeout, 2 retries from 250 ms), counting requests sent. */
    static KubeRest client(String url, AtomicInteger counter) {
        KubeHttp http = new KubeHttp(url, null, null, KubeClients.Options.DEFAULT.requestTimeout());
        return new KubeRest(new KubeRest.Transport() {
            @Override
            public KubeRest.Answer send(String method, String target, String accept, String type, byte[] body) throws java.io.IOException {
                counter.incrementAndGet();
                return http.send(method, target, accept, type, body);
            }

            @Override
            public void close() { http.close(); }
        }, KubeClients.Options.DEFAULT.retries(), Duration.ofMillis(250), url);
    }

    /** The shared cluster: nodes with 30 pods each (index only), one NodeClaim per node, the pause-pods buffer. */
    static int seed(KubeEmulator kube, int nodes) {
        int expiring = 0;
        for (int i = 0; i < nodes; i++) {
            String name = "ip-10-%d-%d-%d.eu-west-1.compute.internal".formatted(i / 65536, (i / 256) % 256, i % 256);
            String instance = "i-0%016x".formatted(i + 1);
            String zone = "eu-west-1" + "abc".charAt(i % 3);
            kube.seed(new NodeBuilder().withNewMetadata().withName(name).addToLabels("topology.kubernetes.io/zone", zone).endMetadata()
                    .withNewSpec().withProviderID("aws:///" + zone + "/" + instance).endSpec().build());
            // creation times spread evenly over expireAfter: claim i expires i * 720h / nodes from now, as a fleet that
            // launched its nodes steadily; the 30-minute look-ahead then holds about nodes * 30 min / 720 h of them
            Instant created = NOW.minus(EXPIRE_AFTER).plus(EXPIRE_AFTER.multipliedBy(i).dividedBy(nodes)).plusSeconds(60);
            if (!created.plus(EXPIRE_AFTER).isAfter(NOW.plus(Duration.ofMinutes(30)))) expiring++;
            kube.seed(new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1").withKind("NodeClaim")
                    .withNewMetadata().withName("default-" + Integer.toHexString(i)).withCreationTimestamp(created.toString()).endMetadata()
                    .addToAdditionalProperties("spec", Map.of("expireAfter", "720h"))
                    .addToAdditionalProperties("status", Map.of("nodeName", name, "providerID", "aws:///" + zone + "/" + instance)).build());
            kube.seedPodsIndexOnly(BenchPods.on(name, PODS_PER_NODE));
        }
        kube.seed(new DeploymentBuilder().withNewMetadata().withNamespace("nodeless").withName("pause-pods").endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build());
        return expiring;
    }

    static Item item(Path asl) throws Exception {
        JsonNode map = JSON.readTree(Files.readString(asl)).at("/States/ReconcileEachCluster");
        JsonNode task = map.at("/ItemProcessor/States/ReconcileCluster");
        List<Retrier> retriers = new ArrayList<>();
        for (JsonNode r : task.path("Retry")) {
            Set<String> errors = new HashSet<>();
            r.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
            retriers.add(new Retrier(errors, r.path("IntervalSeconds").asDouble(1), r.path("MaxAttempts").asInt(3), r.path("BackoffRate").asDouble(2)));
        }
        if (map.isMissingNode() || retriers.isEmpty()) throw new IllegalStateException(asl + " has no ReconcileEachCluster/ReconcileCluster with Retry");
        return new Item(map.path("MaxConcurrency").asInt(), task.path("TimeoutSeconds").asInt(), retriers);
    }

    static double pct(double[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (Exception e) {
            return "n/a";
        }
    }
}
