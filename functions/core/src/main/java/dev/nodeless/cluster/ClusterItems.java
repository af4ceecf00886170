package dev.nodeless.cluster;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.InvalidSpecException;
import dev.nodeless.spec.SpecReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry item's shape (attribute names, the record/pause/reconcile-failure decoding and the reconcile-failure
 * update), shared by the two clients of the table: {@link DynamoDbClusterRegistry} (SDK client; bootstrap and tools) and
 * {@link MaintenanceRegistry} (DynamoDB's JSON protocol without the SDK client; the maintenance functions). Both convert
 * their items to {@link ItemValue}s, so there is one decoding.
 */
final class ClusterItems {

    static final String PAUSED_BY = "pausedBy";
    static final String PAUSED_REASON = "pausedReason";
    static final String PAUSED_AT = "pausedAt";
    static final String RECONCILE_FAILED_AT = "reconcileFailedAt";
    static final String RECONCILE_FAILURE = "reconcileFailure";
    static final String RECONCILE_RETRYABLE = "reconcileFailureRetryable";
    static final String RECONCILE_EXECUTION = "reconcileFailedExecution";

    private ClusterItems() {}

    /** The record of a registry item of {@code table}; IllegalStateException naming the field or the spec's problem. */
    static ClusterRecord record(Map<String, ItemValue> item, String table) {
        for (String field : List.of("clusterName", "status", "region", "specHash", "createdAt", "updatedAt")) {
            if (item.get(field) == null || item.get(field).s() == null) throw new IllegalStateException("the field " + field + " is missing");
        }
        String name = item.get("clusterName").s();
        Map<String, String> outputs = new LinkedHashMap<>();
        if (item.containsKey("outputs") && item.get("outputs").m() != null) item.get("outputs").m().forEach((k, v) -> outputs.put(k, v.s()));
        return new ClusterRecord(name, item.get("status").s(), item.get("region").s(), item.get("specHash").s(),
                spec(name, item.get("spec"), table), Instant.parse(item.get("createdAt").s()), Instant.parse(item.get("updatedAt").s()),
                outputs, item.containsKey("lastError") ? item.get("lastError").s() : null,
                item.containsKey("lastFailedExecution") ? item.get("lastFailedExecution").s() : null, pause(item), reconcileFailure(item));
    }

    /** The name an unreadable item is reported under. */
    static String nameOf(Map<String, ItemValue> item) {
        ItemValue name = item.get("clusterName");
        return name == null || name.s() == null ? "(no clusterName)" : name.s();
    }

    static MaintenancePause pause(Map<String, ItemValue> item) {
        if (!item.containsKey(PAUSED_BY)) return null;
        String reason = item.containsKey(PAUSED_REASON) ? item.get(PAUSED_REASON).s() : "";
        Instant at = item.containsKey(PAUSED_AT) ? Instant.parse(item.get(PAUSED_AT).s()) : null;
        return new MaintenancePause(item.get(PAUSED_BY).s(), reason, at);
    }

    static ReconcileFailure reconcileFailure(Map<String, ItemValue> item) {
        if (!item.containsKey(RECONCILE_FAILED_AT)) return null;
        ItemValue retry = item.get(RECONCILE_RETRYABLE);
        return new ReconcileFailure(Instant.parse(item.get(RECONCILE_FAILED_AT).s()),
                item.containsKey(RECONCILE_FAILURE) ? item.get(RECONCILE_FAILURE).s() : "",
                retry != null && Boolean.TRUE.equals(retry.bool()),
                item.containsKey(RECONCILE_EXECUTION) ? item.get(RECONCILE_EXECUTION).s() : null);
    }

    static Map<String, ItemValue> reconcileFailureItem(ReconcileFailure f) {
        Map<String, ItemValue> item = new LinkedHashMap<>();
        item.put(RECONCILE_FAILED_AT, s(f.at().toString()));
        item.put(RECONCILE_FAILURE, s(f.cause() == null ? "" : f.cause()));
        item.put(RECONCILE_RETRYABLE, ItemValue.bool(f.retryable()));
        if (f.execution() != null) item.put(RECONCILE_EXECUTION, s(f.execution()));
        return item;
    }

    /**
     * The conditional UpdateItem that records ({@code failure} not null) or clears (null) a reconcile failure and touches
     * nothing else: the item must exist, and clearing only writes when something is recorded (the usual case writes
     * nothing). A failed condition means "no record" (or "nothing to clear"). Values are null when the update has none.
     */
    record ReconcileFailureUpdate(String condition, String update, Map<String, String> names, Map<String, ItemValue> values) {

        static ReconcileFailureUpdate of(ReconcileFailure failure) {
            Map<String, String> names = Map.of("#at", RECONCILE_FAILED_AT, "#cause", RECONCILE_FAILURE, "#retry", RECONCILE_RETRYABLE,
                    "#exec", RECONCILE_EXECUTION);
            if (failure == null) {
                return new ReconcileFailureUpdate("attribute_exists(clusterName) AND attribute_exists(#at)", "REMOVE #at, #cause, #retry, #exec",
                        names, null);
            }
            Map<String, ItemValue> v = reconcileFailureItem(failure);
            Map<String, ItemValue> values = new LinkedHashMap<>();
            values.put(":at", v.get(RECONCILE_FAILED_AT));
            values.put(":cause", v.get(RECONCILE_FAILURE));
            values.put(":retry", v.get(RECONCILE_RETRYABLE));
            String update = "SET #at = :at, #cause = :cause, #retry = :retry";
            if (failure.execution() != null) {
                values.put(":exec", v.get(RECONCILE_EXECUTION));
                update += ", #exec = :exec";
            } else {
                update += " REMOVE #exec";
            }
            return new ReconcileFailureUpdate("attribute_exists(clusterName)", update, names, values);
        }

        static String doing(String clusterName, ReconcileFailure failure, String table) {
            return (failure == null ? "clearing the reconcile failure of " : "recording the reconcile failure of ") + clusterName + " in " + table;
        }
    }

    static Map<String, ItemValue> key(String clusterName) {
        return Map.of("clusterName", s(clusterName));
    }

    static ItemValue s(String v) {
        return ItemValue.s(v);
    }

    private static ClusterSpec spec(String cluster, ItemValue json, String table) {
        if (json == null || json.s() == null) return null;
        try {
            return SpecReader.read(json.s());
        } catch (InvalidSpecException e) {
            throw new IllegalStateException("registry entry " + cluster + " in " + table + " has an unreadable spec: " + e.getMessage(), e);
        }
    }
}
