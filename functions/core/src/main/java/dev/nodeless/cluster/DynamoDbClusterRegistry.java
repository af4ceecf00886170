package dev.nodeless.cluster;

import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.RetryableStepException;
import dev.nodeless.spec.Specs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * {@link ClusterRegistry} on a DynamoDB table with partition key {@code clusterName} (S), with the SDK's DynamoDB client
 * (bootstrap, tools); the maintenance functions read the same table and record reconcile failures with
 * {@link MaintenanceRegistry} (no SDK client), and both decode items with {@link ClusterItems}.
 * Attributes: status, region, specHash, spec (the normalised spec JSON), createdAt/updatedAt
 * (ISO-8601), outputs (map of JSON strings), lastError (absent when none), and while maintenance is paused pausedBy,
 * pausedReason, pausedAt (ISO-8601), set and removed together by {@link #setPause} with UpdateItem, so a pause never
 * touches the bootstrap's attributes; and after a failed scheduled reconcile reconcileFailedAt (ISO-8601),
 * reconcileFailure (the cause), reconcileFailureRetryable (BOOL) and reconcileFailedExecution (when known), set and
 * removed together by {@link #setReconcileFailure} the same way.
 */
public final class DynamoDbClusterRegistry implements ClusterRegistry {

    private static final System.Logger LOG = System.getLogger(DynamoDbClusterRegistry.class.getName());

    static final String PAUSED_BY = ClusterItems.PAUSED_BY;
    static final String PAUSED_REASON = ClusterItems.PAUSED_REASON;
    static final String PAUSED_AT = ClusterItems.PAUSED_AT;

    private volatile List<String> unreadable = List.of();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbClusterRegistry(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<ClusterRecord> find(String clusterName) {
        Map<String, AttributeValue> item = AwsErrors.call("reading registry entry " + clusterName + " from " + table, () ->
                dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of("clusterName", s(clusterName)))).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(record(item));
    }

    @Override
    public List<ClusterRecord> all() {
        List<ClusterRecord> records = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        AwsErrors.run("listing the registry entries in " + table, () -> {
            for (ScanResponse page : dynamo.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())) {
                for (Map<String, AttributeValue> item : page.items()) {
                    // One unreadable item (missing fields, a spec no longer valid) must not hide every other cluster
                    // from the reconcile: it is reported and skipped.
                    try {
                        records.add(record(item));
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "registry entry {0} in {1} is unreadable and not maintained: {2}",
                                ClusterItems.nameOf(fromSdk(item)), table, e.getMessage());
                        bad.add(ClusterItems.nameOf(fromSdk(item)) + ": " + e.getMessage());
                    }
                }
            }
        });
        unreadable = List.copyOf(bad);
        return records;
    }

    @Override
    public List<String> unreadable() {
        return unreadable;
    }

    @Override
    public void put(ClusterRecord r) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("clusterName", s(r.clusterName()));
        item.put("status", s(r.status()));
        item.put("region", s(r.region()));
        item.put("specHash", s(r.specHash()));
        if (r.spec() != null) item.put("spec", s(Specs.toJson(r.spec())));
        item.put("createdAt", s(r.createdAt().toString()));
        item.put("updatedAt", s(r.updatedAt().toString()));
        Map<String, AttributeValue> outputs = new LinkedHashMap<>();
        r.outputs().forEach((k, v) -> outputs.put(k, s(v)));
        item.put("outputs", AttributeValue.builder().m(outputs).build());
        if (r.lastError() != null) item.put("lastError", s(r.lastError()));
        if (r.lastFailedExecution() != null) item.put("lastFailedExecution", s(r.lastFailedExecution()));
        if (r.pause() != null) {
            item.put(PAUSED_BY, s(r.pause().by()));
            item.put(PAUSED_REASON, s(r.pause().reason()));
            item.put(PAUSED_AT, s(r.pause().at().toString()));
        }
        // carried over as read: a reconcile failure recorded or cleared between the caller's read and this write is
        // undone, and the next scheduled reconcile (every few minutes) records it again
        if (r.reconcileFailure() != null) ClusterItems.reconcileFailureItem(r.reconcileFailure()).forEach((k, v) -> item.put(k, toSdk(v)));
        // The pause is the operator's: the write only lands if the pause is still the one the record was built from,
        // else a pause or resume between the caller's read and this write would be undone silently.
        Map<String, String> names = Map.of("#by", PAUSED_BY, "#why", PAUSED_REASON, "#at", PAUSED_AT);
        AwsErrors.run("writing registry entry " + r.clusterName() + " to " + table, () -> {
            try {
                dynamo.putItem(p -> {
                    p.tableName(table).item(item);
                    if (r.pause() == null) {
                        p.conditionExpression("attribute_not_exists(#by)").expressionAttributeNames(Map.of("#by", PAUSED_BY));
                    } else {
                        p.conditionExpression("#by = :by AND #why = :why AND #at = :at").expressionAttributeNames(names)
                                .expressionAttributeValues(Map.of(":by", s(r.pause().by()), ":why", s(r.pause().reason()),
                                        ":at", s(r.pause().at().toString())));
                    }
                });
            } catch (ConditionalCheckFailedException pauseChanged) {
                throw new RetryableStepException("registry entry " + r.clusterName() + " in " + table + ": its maintenance pause changed "
                        + "while this step wrote it (nodeless maintenance pause/resume); nothing was written, a retry reads it again");
            }
        });
    }

    @Override
    public boolean setPause(String clusterName, MaintenancePause pause) {
        String doing = (pause == null ? "resuming" : "pausing") + " maintenance of " + clusterName + " in " + table;
        return AwsErrors.call(doing, () -> {
            try {
                dynamo.updateItem(u -> {
                    u.tableName(table).key(Map.of("clusterName", s(clusterName))).conditionExpression("attribute_exists(clusterName)")
                            .expressionAttributeNames(Map.of("#by", PAUSED_BY, "#why", PAUSED_REASON, "#at", PAUSED_AT));
                    if (pause == null) {
                        u.updateExpression("REMOVE #by, #why, #at");
                    } else {
                        u.updateExpression("SET #by = :by, #why = :why, #at = :at").expressionAttributeValues(Map.of(
                                ":by", s(pause.by()), ":why", s(pause.reason()), ":at", s(pause.at().toString())));
                    }
                });
                return true;
            } catch (ConditionalCheckFailedException absent) {
                return false;
            }
        });
    }

    @Override
    public boolean setReconcileFailure(String clusterName, ReconcileFailure failure) {
        ClusterItems.ReconcileFailureUpdate change = ClusterItems.ReconcileFailureUpdate.of(failure);
        return AwsErrors.call(ClusterItems.ReconcileFailureUpdate.doing(clusterName, failure, table), () -> {
            try {
                dynamo.updateItem(u -> u.tableName(table).key(toSdk(ClusterItems.key(clusterName))).expressionAttributeNames(change.names())
                        .conditionExpression(change.condition()).updateExpression(change.update())
                        .expressionAttributeValues(change.values() == null ? null : toSdk(change.values())));
                return true;
            } catch (ConditionalCheckFailedException absent) {
                return false;
            }
        });
    }

    @Override
    public boolean delete(String clusterName) {
        Map<String, AttributeValue> old = AwsErrors.call("deleting registry entry " + clusterName + " from " + table, () ->
                dynamo.deleteItem(r -> r.tableName(table).key(Map.of("clusterName", s(clusterName))).returnValues(ReturnValue.ALL_OLD)).attributes());
        return old != null && !old.isEmpty();
    }

    private ClusterRecord record(Map<String, AttributeValue> item) {
        return ClusterItems.record(fromSdk(item), table);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    /** An SDK item as the {@link ItemValue}s {@link ClusterItems} decodes. */
    static Map<String, ItemValue> fromSdk(Map<String, AttributeValue> item) {
        Map<String, ItemValue> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, fromSdk(value)));
        return out;
    }

    static ItemValue fromSdk(AttributeValue value) {
        return switch (value.type()) {
            case S -> ItemValue.s(value.s());
            case BOOL -> ItemValue.bool(value.bool());
            case M -> ItemValue.m(fromSdk(value.m()));
            default -> ItemValue.OTHER;
        };
    }

    static Map<String, AttributeValue> toSdk(Map<String, ItemValue> item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, toSdk(value)));
        return out;
    }

    static AttributeValue toSdk(ItemValue value) {
        if (value.s() != null) return s(value.s());
        if (value.bool() != null) return AttributeValue.builder().bool(value.bool()).build();
        if (value.m() != null) return AttributeValue.builder().m(toSdk(value.m())).build();
        throw new IllegalArgumentException("an attribute of a type the registry does not write");
    }
}
