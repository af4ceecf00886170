package dev.nodeless.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.buffer.BufferChange;
import dev.nodeless.buffer.BufferService;
import dev.nodeless.buffer.ClusterApi;
import dev.nodeless.event.Classified;
import dev.nodeless.event.Disruption;
import dev.nodeless.event.EventEnvelope;
import dev.nodeless.event.EventRegistry;
import dev.nodeless.event.Ignored;
import dev.nodeless.event.MalformedEventException;
import dev.nodeless.event.ReconcileRequest;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The maintain-buffer workflow's three steps, shared by the Lambda handlers and the offline replay tool.
 * <ol>
 *   <li>{@link #classify}: envelope, then the parser registered for (source, detail-type);</li>
 *   <li>{@link #resolve}: instance to cluster by EC2 tags, to a managed cluster, to its Node by providerID;</li>
 *   <li>{@link #size}: mark the nodes at risk and resize the buffer, per cluster.</li>
 * </ol>
 */
public final class MaintenanceService {

    private static final System.Logger LOG = System.getLogger(MaintenanceService.class.getName());

    private final InstanceDirectory instances;
    private final ManagedClusters clusters;
    private final ClusterApis apis;
    private final BufferService buffers;
    private final Clock clock;
    private final MaintenanceMetrics metrics;

    public MaintenanceService(InstanceDirectory instances, ManagedClusters clusters, ClusterApis apis, Clock clock) {
        this(instances, clusters, apis, clock, MaintenanceMetrics.NONE);
    }

    /** @param metrics told of every decision, ignored event and reconcile check (the Lambdas: CloudWatch EMF) */
    public MaintenanceService(InstanceDirectory instances, ManagedClusters clusters, ClusterApis apis, Clock clock,
                              MaintenanceMetrics metrics) {
        this.instances = instances;
        this.clusters = clusters;
        this.apis = apis;
        this.clock = clock;
        this.metrics = metrics;
        this.buffers = new BufferService(clock);
    }

    MaintenanceMetrics metrics() {
        return metrics;
    }

    public MaintenanceStep classify(JsonNode event) {
        try {
            return classify(EventEnvelope.of(event));
        } catch (MalformedEventException e) {
            return rejected(e);
        }
    }

    public MaintenanceStep classify(String eventJson) {
        try {
            return classify(EventEnvelope.parse(eventJson));
        } catch (MalformedEventException e) {
            return rejected(e);
        }
    }

    private MaintenanceStep rejected(MalformedEventException e) {
        log("", "rejected", null, null, null, e.getMessage());
        metrics.ignored("unknown", MaintenanceMetrics.IgnoredBecause.MALFORMED);
        return new MaintenanceStep("", "unknown", MaintenanceStep.REJECTED, e.getMessage(), List.of(), null, null, List.of(), List.of());
    }

    /** EventBridge and EC2 clocks may run a little ahead of ours; more than this is not a real event's time. */
    static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);

    private MaintenanceStep classify(EventEnvelope envelope) {
        java.time.Instant now = clock.instant();
        if (envelope.time() != null && envelope.time().isAfter(now.plus(CLOCK_SKEW))) {
            return rejected(new MalformedEventException("event time " + envelope.time() + " is in the future (now " + now
                    + ", allowed clock skew " + CLOCK_SKEW.toMinutes() + " minutes)"));
        }
        Classified c;
        try {
            c = EventRegistry.classify(envelope);
        } catch (MalformedEventException e) {
            return rejected(e);
        }
        MaintenanceMetrics.IgnoredBecause because = "unknown".equals(c.kind())
                ? MaintenanceMetrics.IgnoredBecause.UNKNOWN_KIND : MaintenanceMetrics.IgnoredBecause.NOT_ACTIONABLE;
        if (c instanceof Disruption d && d.over() != null && d.over().isBefore(now)) {
            c = new Ignored(d.eventId(), d.kind(), "stale: the disruption was over at " + d.over() + " (now " + now + "); a stale warning must not grow the buffer");
            because = MaintenanceMetrics.IgnoredBecause.STALE;
        }
        if (c instanceof Ignored i) {
            log(i.eventId(), i.kind(), null, null, null, i.reason());
            metrics.ignored(i.kind(), because);
            return new MaintenanceStep(i.eventId(), i.kind(), MaintenanceStep.IGNORED, i.reason(), List.of(), null, null, List.of(), List.of());
        }
        Disruption d = (Disruption) c;
        String cluster = d instanceof ReconcileRequest r ? r.cluster() : null;
        String reason = d instanceof ReconcileRequest r ? r.reason() : d.kind() + (d.drains() ? "" : " (grow only, no drain)");
        return new MaintenanceStep(d.eventId(), d.kind(), MaintenanceStep.PENDING, reason, d.instanceIds(),
                d.deadline() == null ? null : d.deadline().toString(), cluster, List.of(), List.of());
    }

    public MaintenanceStep resolve(MaintenanceStep step) {
        if (step.ignored()) return step;
        if (step.cluster() != null) {
            Optional<ManagedClusters.ManagedCluster> mc = clusters.find(step.cluster());
            if (mc.isPresent() && !mc.get().paused()) return step;
            if (mc.isPresent()) return paused(step, "cluster " + step.cluster() + ": " + mc.get().pausedBecause());
            metrics.ignored(step.kind(), MaintenanceMetrics.IgnoredBecause.UNMANAGED);
            return step.with(MaintenanceStep.IGNORED, "cluster " + step.cluster() + " is not an active Nodeless cluster");
        }
        Map<String, InstanceDirectory.Instance> found = instances.describe(step.instanceIds());
        List<MaintenanceStep.Target> targets = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, ClusterApi> open = new LinkedHashMap<>();
        boolean managedWithoutNode = false;
        boolean paused = false;
        for (String id : step.instanceIds()) {
            InstanceDirectory.Instance i = found.get(id);
            if (i == null) { skipped.add(id + ": no such instance"); continue; }
            if (i.cluster() == null) { skipped.add(id + ": no cluster tag (not a Kubernetes node)"); continue; }
            Optional<ManagedClusters.ManagedCluster> mc = clusters.find(i.cluster());
            if (mc.isEmpty()) { skipped.add(id + ": cluster " + i.cluster() + " is not managed by Nodeless"); continue; }
            if (mc.get().paused()) { skipped.add(id + ": cluster " + i.cluster() + ": " + mc.get().pausedBecause()); paused = true; continue; }
            ClusterApi api = open.computeIfAbsent(i.cluster(), n -> apis.open(mc.get()));
            Optional<ClusterApi.NodeRef> node = api.nodeForInstance(id, i.nodeNameHints());
            if (node.isEmpty()) {
                skipped.add(id + ": no Node of cluster " + i.cluster() + " has this providerID");
                managedWithoutNode = true;
                continue;
            }
            targets.add(new MaintenanceStep.Target(i.cluster(), id, node.get().name()));
        }
        if (targets.isEmpty()) {
            String reason = String.join("; ", skipped);
            log(step.eventId(), step.kind(), String.join(",", step.instanceIds()), null, null, "ignored: " + reason);
            metrics.ignored(step.kind(), managedWithoutNode ? MaintenanceMetrics.IgnoredBecause.NO_NODE
                    : paused ? MaintenanceMetrics.IgnoredBecause.PAUSED : MaintenanceMetrics.IgnoredBecause.UNMANAGED);
            return step.with(MaintenanceStep.IGNORED, reason);
        }
        return step.withTargets(targets, skipped.isEmpty() ? step.reason() : step.reason() + "; skipped " + String.join("; ", skipped));
    }

    /**
     * The only step that writes. It reads the registry afresh, so a cluster paused since the event was admitted or
     * resolved is left unchanged (its targets are skipped with the pause's reason; all of them: the step is ignored).
     */
    public MaintenanceStep size(MaintenanceStep step) {
        if (step.ignored()) return step;
        List<BufferChange> changes = new ArrayList<>();
        List<String> paused = new ArrayList<>();
        if (step.cluster() != null) {
            ManagedClusters.ManagedCluster mc = require(step.cluster());
            if (mc.paused()) return paused(step, "cluster " + mc.name() + ": " + mc.pausedBecause());
            changes.addAll(buffers.reconcile(mc.name(), apis.open(mc), mc.buffers(), changeKey(step)));
        } else {
            Map<String, List<BufferService.Target>> byCluster = new LinkedHashMap<>();
            for (MaintenanceStep.Target t : step.targets()) {
                byCluster.computeIfAbsent(t.cluster(), k -> new ArrayList<>()).add(new BufferService.Target(t.node(), t.instanceId()));
            }
            Instant deadline = step.deadline() == null ? null : Instant.parse(step.deadline());
            byCluster.forEach((cluster, targets) -> {
                ManagedClusters.ManagedCluster mc = require(cluster);
                if (mc.paused()) { paused.add("cluster " + cluster + ": " + mc.pausedBecause()); return; }
                changes.addAll(buffers.markAtRisk(cluster, apis.open(mc), mc.buffers(), step.kind(), deadline, targets, changeKey(step)));
            });
        }
        if (changes.isEmpty()) return paused(step, String.join("; ", paused));
        BufferChange first = changes.get(0);
        String action = changes.stream().map(BufferChange::action).filter(a -> !"none".equals(a)).findFirst().orElse("none");
        for (BufferChange c : changes) {
            log(step.eventId(), step.kind(), String.join(",", step.instanceIds()), c.node(), c.cluster(),
                    c.action() + " " + c.replicasBefore() + "->" + c.replicasAfter() + ": " + c.reason());
            metrics.decided(c);
        }
        return step.withChanges(action, paused.isEmpty() ? first.reason() : first.reason() + "; skipped " + String.join("; ", paused), changes);
    }

    private MaintenanceStep paused(MaintenanceStep step, String reason) {
        log(step.eventId(), step.kind(), String.join(",", step.instanceIds()), null, step.cluster(), "ignored: " + reason);
        metrics.ignored(step.kind(), MaintenanceMetrics.IgnoredBecause.PAUSED);
        return step.with(MaintenanceStep.IGNORED, reason);
    }

    /** The scheduled reconcile's question for one cluster: would a reconcile change the buffer? (No writes.) */
    /** The event id names the change, so a retried step reports (and records) the change its first attempt wrote. */
    private static String changeKey(MaintenanceStep step) {
        return step.eventId() == null || step.eventId().isBlank() ? null : step.kind() + "/" + step.eventId();
    }

    public Optional<BufferChange> reconcileNeeded(ManagedClusters.ManagedCluster cluster) {
        Instant start = clock.instant();
        Optional<BufferChange> needed = buffers.reconcileNeeded(cluster.name(), apis.open(cluster), cluster.buffers());
        metrics.reconcileChecked(cluster.name(), java.time.Duration.between(start, clock.instant()));
        return needed;
    }

    /** The cluster if it is registered and live (one registry read). */
    public Optional<ManagedClusters.ManagedCluster> managedCluster(String name) {
        return clusters.find(name);
    }

    public List<ManagedClusters.ManagedCluster> managedClusters() {
        return clusters.all();
    }

    /** Registry items the last {@link #managedClusters()} could not read. */
    public List<String> unreadableClusters() {
        return clusters.unreadable();
    }

    public Instant now() {
        return clock.instant();
    }

    private ManagedClusters.ManagedCluster require(String cluster) {
        return clusters.find(cluster).orElseThrow(() -> new IllegalStateException("cluster " + cluster + " left the registry while its event was handled"));
    }

    /** One structured line per event and outcome (eventId, kind, instanceId, node, cluster). */
    private static void log(String eventId, String kind, String instanceId, String node, String cluster, String outcome) {
        LOG.log(Level.INFO, "maintain-buffer eventId={0} kind={1} instanceId={2} node={3} cluster={4} outcome={5}",
                eventId, kind, instanceId, node, cluster, outcome);
    }
}
