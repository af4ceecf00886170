package dev.nodeless.maintenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.buffer.BufferChange;
import dev.nodeless.event.ReconcileRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the schedule runs, as the two steps of the reconcile-fleet workflow:
 * <ol>
 *   <li>{@link #list()}: the managed (live) clusters, one Map item each, and every unreadable registry item by name;</li>
 *   <li>{@link #reconcile(String)}, once per cluster: a dry-run reconcile; only when it would change the buffer is a
 *       maintain-buffer execution started (which then reconciles for real and leaves the audit trail).</li>
 * </ol>
 * An idle cluster costs one invocation per tick and starts no maintain-buffer execution.
 */
public final class ReconcileScheduler {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String RECONCILED = "reconciled";
    public static final String UNCHANGED = "unchanged";
    public static final String SKIPPED = "skipped";
    /** The cluster's maintenance is paused: not even read, nothing started; the reason says who paused it and why. */
    public static final String IGNORED = "ignored";
    public static final String FAILED = "failed";

    /**
     * One cluster's outcome, a line of the workflow's output: {@code reconciled} (a maintain-buffer execution was
     * started: {@code execution}), {@code unchanged}, {@code skipped} (no longer live), {@code ignored} (maintenance paused,
     * the reason names who paused it and why) or {@code failed} with the cause.
     */
    public record Outcome(String cluster, String outcome, String execution, String reason) {
        public static Outcome failed(String cluster, String cause) {
            return new Outcome(cluster, FAILED, null, cause);
        }
    }

    /**
     * A Map item: the cluster to reconcile, and the reconcile-fleet execution it belongs to (the Map's ItemSelector adds
     * it; recorded with a failure, so {@code nodeless status} links to the run where it happened), null when unknown.
     */
    public record Item(String cluster, String execution) {
        public Item(String cluster) {
            this(cluster, null);
        }
    }

    /** The list step's answer: the items, and the registry items that could not be read (as failed outcomes). */
    public record Fleet(List<Item> clusters, List<Outcome> unreadable) {}

    private final MaintenanceService service;
    private final ExecutionStarter starter;

    public ReconcileScheduler(MaintenanceService service, ExecutionStarter starter) {
        this.service = service;
        this.starter = starter;
    }

    /** Step 1: every live cluster of the registry (BOOTSTRAPPING, FAILED, DELETING are not maintained). */
    public Fleet list() {
        List<Item> items = service.managedClusters().stream().map(c -> new Item(c.name())).toList();
        List<Outcome> unreadable = new ArrayList<>();
        // an unreadable registry item is reported here, by name, and hides no other cluster
        for (String bad : service.unreadableClusters()) {
            int colon = bad.indexOf(':');
            unreadable.add(Outcome.failed(colon < 0 ? bad : bad.substring(0, colon),
                    "unreadable registry item: " + (colon < 0 ? bad : bad.substring(colon + 1).strip())));
        }
        return new Fleet(items, unreadable);
    }

    /**
     * Step 2, one cluster: throws what the cluster's API or AWS threw (the caller classifies it); a cluster that left
     * the registry since the list is skipped with the reason.
     */
    public Outcome reconcile(String cluster) {
        if (cluster == null || cluster.isBlank()) throw new IllegalArgumentException("the input names no cluster (expected {\"cluster\": \"<name>\"})");
        Optional<ManagedClusters.ManagedCluster> managed = service.managedCluster(cluster);
        if (managed.isEmpty()) return new Outcome(cluster, SKIPPED, null, "not a live Nodeless cluster (any more): nothing to reconcile");
        if (managed.get().paused()) return new Outcome(cluster, IGNORED, null, managed.get().pausedBecause());
        Optional<BufferChange> needed = service.reconcileNeeded(managed.get());
        if (needed.isEmpty()) return new Outcome(cluster, UNCHANGED, null, "no change");
        String name = executionName(cluster);
        starter.start(name, input(cluster, name, needed.get())); // a name already taken: this tick already started it
        return new Outcome(cluster, RECONCILED, name, needed.get().reason());
    }

    /** Unique per cluster and minute ({@link ExecutionNames#forReconcile}): a schedule delivered twice starts one execution. */
    String executionName(String cluster) {
        return ExecutionNames.forReconcile(cluster, service.now());
    }

    private String input(String cluster, String id, BufferChange plan) {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "0").put("id", id).put("detail-type", ReconcileRequest.DETAIL_TYPE).put("source", ReconcileRequest.SOURCE)
                .put("time", service.now().toString());
        e.putArray("resources");
        e.putObject("detail").put("cluster", cluster).put("reason", plan.action() + ": " + plan.reason());
        return e.toString();
    }
}
