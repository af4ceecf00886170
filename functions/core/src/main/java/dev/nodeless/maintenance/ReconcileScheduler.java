package dev.nodeless.maintenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.buffer.BufferChange;
import dev.nodeless.event.ReconcileRequest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the schedule runs: for each managed cluster, a dry-run reconcile; only when it would change the buffer is
 * a maintain-buffer execution started (which then reconciles for real and leaves the audit trail). Idle clusters
 * cost one Lambda invocation per tick and no Step Functions transitions.
 */
public final class ReconcileScheduler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);

    /** One cluster's outcome for the Lambda's result. */
    public record Outcome(String cluster, String execution, String reason) {}

    private final MaintenanceService service;
    private final ExecutionStarter starter;

    public ReconcileScheduler(MaintenanceService service, ExecutionStarter starter) {
        this.service = service;
        this.starter = starter;
    }

    public List<Outcome> run() {
        List<Outcome> outcomes = new ArrayList<>();
        List<ManagedClusters.ManagedCluster> managed = service.managedClusters();
        // an unreadable registry item is reported here, by name, and hides no other cluster
        for (String bad : service.unreadableClusters()) outcomes.add(new Outcome(bad.substring(0, Math.max(0, bad.indexOf(':'))), null,
                "failed: unreadable registry item: " + bad.substring(bad.indexOf(':') + 1).strip()));
        for (ManagedClusters.ManagedCluster c : managed) {
            Optional<BufferChange> needed;
            try {
                needed = service.reconcileNeeded(c);
            } catch (RuntimeException e) {
                // one unreachable cluster must not stop the others; the next tick tries again
                outcomes.add(new Outcome(c.name(), null, "failed: " + e.getMessage()));
                continue;
            }
            if (needed.isEmpty()) {
                outcomes.add(new Outcome(c.name(), null, "no change"));
                continue;
            }
            String name = executionName(c.name());
            starter.start(name, input(c.name(), name, needed.get()));
            outcomes.add(new Outcome(c.name(), name, needed.get().reason()));
        }
        return outcomes;
    }

    /** Unique per cluster and minute: a schedule delivered twice starts one execution. Max 80 chars. */
    String executionName(String cluster) {
        String safe = cluster.replaceAll("[^A-Za-z0-9_-]", "-");
        String suffix = "-" + MINUTE.format(service.now());
        return "reconcile-" + (safe.length() > 80 - 10 - suffix.length() ? safe.substring(0, 80 - 10 - suffix.length()) : safe) + suffix;
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
