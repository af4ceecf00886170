package dev.nodeless.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.buffer.BufferChange;
import dev.nodeless.buffer.ClusterApi;
import dev.nodeless.event.EventEnvelope;
import dev.nodeless.event.InstanceIds;
import dev.nodeless.kube.KubeRejectedException;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.maintenance.InstanceDirectory;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.MaintenanceStep;
import dev.nodeless.maintenance.ManagedClusters;
import dev.nodeless.kube.manifests.ClusterManifests;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.Specs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code replay --spec <cluster spec> --cluster <snapshot.yaml> [--now <RFC3339>] <event.json>...}
 *
 * <p>Runs events through the same {@link MaintenanceService} the Lambdas use, one after the other, against one
 * emulated cluster: the snapshot is loaded into fabric8's Kubernetes mock server (CRUD mode) started in-process,
 * so the real {@link KubeClusterApi} adapter runs unchanged (same requests, same optimistic writes) and the
 * offline answer is the one production would give. Instances are found by the Nodes' providerIDs, so no AWS is
 * needed. Prints one JSON object per event per line. The clock is {@code --now} if given, else each event's time.
 */
final class ReplayCommand implements Main.Command {

    /** Held strongly: java.util.logging forgets levels of loggers nobody references. */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("io.fabric8"), Logger.getLogger("dev.nodeless"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String summary() {
        return "replay EventBridge events against a cluster snapshot, offline (--spec, --cluster, [--now], events...)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String spec = null, cluster = null, now = null;
        List<String> events = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--spec" -> spec = i + 1 < args.length ? args[++i] : null;
                case "--cluster" -> cluster = i + 1 < args.length ? args[++i] : null;
                case "--now" -> now = i + 1 < args.length ? args[++i] : null;
                default -> events.add(args[i]);
            }
        }
        if (spec == null || cluster == null || events.isEmpty()) {
            err.println("usage: nodeless replay --spec <cluster spec.json> --cluster <snapshot.yaml> [--now <RFC3339>] <event.json>...");
            return 2;
        }
        Instant fixedNow;
        try {
            fixedNow = now == null ? null : Instant.parse(now);
        } catch (DateTimeParseException e) {
            err.println("replay: --now must be an RFC 3339 time like 2026-11-20T09:30:00Z, got '" + now + "'");
            return 2;
        }
        ClusterSpec clusterSpec;
        ManagedClusters.ManagedCluster managed;
        try {
            // Normalised like validateSpec does, so the replay sizes with the same defaults production stores.
            clusterSpec = Specs.normalise(Files.readString(Path.of(spec)));
            managed = ManagedClusters.ManagedCluster.of(clusterSpec);
        } catch (IOException | RuntimeException e) {
            err.println("replay: cannot use cluster spec " + spec + ": " + firstLine(e.getMessage()));
            return 2;
        }
        QUIET.forEach(l -> l.setLevel(Level.WARNING)); // the emulator logs every request at INFO; stdout is the result
        try (KubeEmulator kube = new KubeEmulator()) {
            try {
                kube.load(Files.readString(Path.of(cluster)));
            } catch (IOException | RuntimeException e) {
                err.println("replay: cannot load cluster snapshot " + cluster + ": " + firstLine(e.getMessage()));
                return 2;
            }
            SteppedClock clock = new SteppedClock(fixedNow == null ? Instant.now() : fixedNow);
            KubeClusterApi.Backend backend = KubeClusterApi.backendOf(managed.backend());
            ensureBuffer(kube, backend, clusterSpec);
            MaintenanceService service = new MaintenanceService(new SnapshotInstances(kube, managed.name()), new OneCluster(managed),
                    c -> new KubeClusterApi(kube.rest(), backend, clock), clock);
            int refused = 0;
            for (String file : events) {
                int before = new KubeClusterApi(kube.rest(), backend, clock).readBuffer().replicas();
                String text;
                try {
                    text = Files.readString(Path.of(file));
                } catch (IOException e) {
                    String why = "cannot read " + file + ": " + (CliFailures.refusal(e) != null ? CliFailures.refusal(e) : e.getMessage());
                    out.println(line(null, "unknown", null, null, null, MaintenanceStep.REJECTED, before, before, why));
                    err.println("replay: " + why);
                    refused++;
                    continue;
                }
                if (fixedNow == null) clock.set(eventTime(text).orElse(clock.instant()));
                MaintenanceStep step = service.size(service.resolve(service.classify(text)));
                out.println(render(step, managed.name(), before));
                if (MaintenanceStep.REJECTED.equals(step.action())) {
                    err.println("replay: " + file + " rejected: " + firstLine(step.reason()));
                    refused++;
                }
            }
            // Every event was replayed and reported on stdout; a rejected one still makes the run a refusal (exit 2).
            return refused == 0 ? 0 : 2;
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static Optional<Instant> eventTime(String text) {
        try {
            return Optional.ofNullable(EventEnvelope.parse(text).time());
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /**
     * A snapshot without a buffer object (the top-level one, or a NodePool's own) gets the one the bootstrap creates
     * (same code), at baseline.
     */
    private static void ensureBuffer(KubeEmulator kube, KubeClusterApi.Backend backend, ClusterSpec spec) {
        try {
            new KubeClusterApi(kube.rest(), backend, Clock.systemUTC()).readBuffer();
        } catch (KubeRejectedException absent) { // the one refusal readBuffer has: no buffer object
            ClusterManifests.buffer(spec).forEach(o -> kube.client().resource(o).create());
            return;
        }
        for (var o : ClusterManifests.buffer(spec)) {
            if (kube.client().resource(o).get() == null) kube.client().resource(o).create();
        }
    }

    private static String render(MaintenanceStep step, String cluster, int before) {
        MaintenanceStep.Target t = step.targets().isEmpty() ? null : step.targets().get(0);
        String instance = t != null ? t.instanceId() : step.instanceIds().isEmpty() ? null : String.join(",", step.instanceIds());
        if (step.changes().isEmpty()) {
            return line(step.eventId().isEmpty() ? null : step.eventId(), step.kind(), t != null ? t.cluster() : step.cluster(), instance,
                    t == null ? null : t.node(), step.action(), before, before, step.reason());
        }
        String node = step.targets().size() > 1 ? String.join(",", step.targets().stream().map(MaintenanceStep.Target::node).toList())
                : t == null ? null : t.node();
        // one line per buffer the step decided for: the top-level one as always, a NodePool's own with its name
        List<String> lines = new java.util.ArrayList<>();
        for (BufferChange c : step.changes()) {
            String l = line(step.eventId(), step.kind(), c.cluster(), instance, node, c.action(), c.replicasBefore(), c.replicasAfter(), c.reason());
            if (c.buffer() != null) l = l.substring(0, l.length() - 1) + ",\"buffer\":" + JSON.valueToTree(c.buffer()) + "}";
            lines.add(l);
        }
        return String.join("\n", lines);
    }

    private static String line(String eventId, String kind, String cluster, String instanceId, String node, String action,
                               int before, int after, String reason) {
        ObjectNode o = JSON.createObjectNode();
        o.put("eventId", eventId).put("kind", kind).put("cluster", cluster).put("instanceId", instanceId).put("node", node)
                .put("action", action).put("replicasBefore", before).put("replicasAfter", after).put("reason", reason);
        return o.toString();
    }

    /** Instances known from the snapshot's Nodes (providerID); everything else is foreign. */
    private static final class SnapshotInstances implements InstanceDirectory {
        private final Map<String, String> nodeByInstance = new HashMap<>();
        private final String cluster;

        SnapshotInstances(KubeEmulator kube, String cluster) {
            this.cluster = cluster;
            for (var n : kube.client().nodes().list().getItems()) {
                // a Node without providerID cannot be matched to an instance: a snapshot Nodeless cannot read as given
                if (n.getSpec() == null || n.getSpec().getProviderID() == null) {
                    throw new IllegalArgumentException("snapshot Node " + n.getMetadata().getName()
                            + " has no spec.providerID (aws:///<zone>/<instance id>), which Nodeless finds its instance by");
                }
                InstanceIds.fromProviderId(n.getSpec().getProviderID()).ifPresent(id -> nodeByInstance.put(id, n.getMetadata().getName()));
            }
        }

        @Override
        public Map<String, Instance> describe(Collection<String> ids) {
            Map<String, Instance> found = new HashMap<>();
            for (String id : ids) {
                String node = nodeByInstance.get(id);
                if (node != null) found.put(id, new Instance(id, cluster, List.of(node)));
            }
            return found;
        }
    }

    private record OneCluster(ManagedCluster cluster) implements ManagedClusters {
        @Override public Optional<ManagedCluster> find(String name) { return cluster.name().equals(name) ? Optional.of(cluster) : Optional.empty(); }
        @Override public List<ManagedCluster> all() { return List.of(cluster); }
    }

    private static final class SteppedClock extends Clock {
        private volatile Instant now;
        SteppedClock(Instant now) { this.now = now; }
        void set(Instant t) { now = t; }
        @Override public Instant instant() { return now; }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    }
}
