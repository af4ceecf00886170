package dev.nodeless.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admit before you record (ARCHITECTURE §8): the EC2 and Health rules match every instance of the region, so each
 * event is first classified and its instances resolved to a managed cluster here, cheaply and cached, and only an
 * event about a managed cluster starts a Standard maintain-buffer execution (the audit trail). Everything else is
 * answered "ignored because ..." and leaves no history.
 * <p>Cached across warm invocations: instance to cluster for {@link #ttl} (an instance's cluster tag does not change;
 * a foreign instance is cached too, as "no cluster"), and cluster to managed-or-not for the same time, so a burst of
 * another team's instance churn costs one DescribeInstances per instance and one registry read per cluster.
 * <p>An event about a cluster whose maintenance is paused starts nothing: it is answered "ignored because cluster
 * &lt;name&gt;: maintenance paused by &lt;who&gt;: &lt;why&gt;".
 */
public final class EventAdmission {

    /** The answer: {@code started} (with the execution) or {@code ignored}/{@code rejected} with the reason. */
    public record Decision(String action, String eventId, String kind, List<String> clusters, String execution, String reason) {}

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private record Cached<T>(T value, Instant until) {}

    private final MaintenanceService service;
    private final InstanceDirectory instances;
    private final ManagedClusters clusters;
    private final ExecutionStarter starter;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached<String>> clusterOfInstance = new ConcurrentHashMap<>();
    private final Map<String, Cached<Membership>> managed = new ConcurrentHashMap<>();

    public EventAdmission(MaintenanceService service, InstanceDirectory instances, ManagedClusters clusters, ExecutionStarter starter,
                          Clock clock, Duration ttl) {
        this.service = service;
        this.instances = instances;
        this.clusters = clusters;
        this.starter = starter;
        this.clock = clock;
        this.ttl = ttl;
    }

    public Decision admit(JsonNode event) {
        MaintenanceStep step = service.classify(event);
        if (step.ignored()) return new Decision(step.action(), step.eventId(), step.kind(), List.of(), null, step.reason());
        TreeSet<String> ours = new TreeSet<>();
        List<String> why = new ArrayList<>();
        boolean paused = false;
        if (step.cluster() != null) {
            Membership m = membership(step.cluster());
            if (!m.live()) why.add("cluster " + step.cluster() + " is not a live Nodeless cluster");
            else if (m.pausedBecause() != null) { why.add("cluster " + step.cluster() + ": " + m.pausedBecause()); paused = true; }
            else ours.add(step.cluster());
        } else {
            Instant now = clock.instant();
            List<String> unknown = step.instanceIds().stream().filter(id -> fresh(clusterOfInstance.get(id), now) == null).toList();
            if (!unknown.isEmpty()) {
                Map<String, InstanceDirectory.Instance> found = instances.describe(unknown);
                for (String id : unknown) {
                    InstanceDirectory.Instance i = found.get(id);
                    clusterOfInstance.put(id, new Cached<>(i == null || i.cluster() == null ? "" : i.cluster(), now.plus(ttl)));
                }
            }
            for (String id : step.instanceIds()) {
                String cluster = clusterOfInstance.get(id).value();
                if (cluster.isEmpty()) { why.add(id + ": not an instance of a Kubernetes cluster (or no such instance)"); continue; }
                Membership m = membership(cluster);
                if (!m.live()) why.add(id + ": cluster " + cluster + " is not managed by Nodeless");
                else if (m.pausedBecause() != null) { why.add(id + ": cluster " + cluster + ": " + m.pausedBecause()); paused = true; }
                else ours.add(cluster);
            }
        }
        if (ours.isEmpty()) {
            service.metrics().ignored(step.kind(), paused ? MaintenanceMetrics.IgnoredBecause.PAUSED : MaintenanceMetrics.IgnoredBecause.UNMANAGED);
            return new Decision(MaintenanceStep.IGNORED, step.eventId(), step.kind(), List.of(), null, "ignored because " + String.join("; ", why));
        }
        String name = executionName(ours.first(), step.kind(), step.eventId());
        starter.start(name, event.toString());
        return new Decision("started", step.eventId(), step.kind(), List.copyOf(ours), name,
                "managed cluster(s) " + ours + (why.isEmpty() ? "" : "; skipped " + String.join("; ", why)));
    }

    /** Whether a cluster is live, and if so whether its maintenance is paused (with the reason). */
    private record Membership(boolean live, String pausedBecause) {}

    /**
     * A paused cluster is not cached: its events cost one registry read each, and a resume is seen at once. A live
     * cluster is cached for {@link #ttl}, so a pause can take that long to show here; sizeBuffer reads the registry
     * afresh and writes nothing for a paused cluster, so nothing changes in between.
     */
    private Membership membership(String cluster) {
        Instant now = clock.instant();
        Membership known = fresh(managed.get(cluster), now);
        if (known != null) return known;
        Optional<ManagedClusters.ManagedCluster> found = clusters.find(cluster);
        Membership m = new Membership(found.isPresent(), found.map(ManagedClusters.ManagedCluster::pausedBecause).orElse(null));
        if (m.pausedBecause() == null) managed.put(cluster, new Cached<>(m, now.plus(ttl)));
        else managed.remove(cluster);
        return m;
    }

    private static <T> T fresh(Cached<T> c, Instant now) {
        return c == null || !c.until().isAfter(now) ? null : c.value();
    }

    /** {@link ExecutionNames#forEvent}: the cluster first, so the console's search finds its history. */
    static String executionName(String cluster, String kind, String eventId) {
        return ExecutionNames.forEvent(cluster, kind, eventId);
    }
}
