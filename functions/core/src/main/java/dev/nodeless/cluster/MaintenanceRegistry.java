package dev.nodeless.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.aws.Json;
import dev.nodeless.aws.dynamodb.DynamoDbApiException;
import dev.nodeless.aws.dynamodb.DynamoDbJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The registry calls the maintenance functions make, over DynamoDB's JSON protocol ({@link DynamoDbJson}) instead of the
 * SDK client, which costs about 1,400 classes on their cold start: a strongly consistent GetItem ({@link #find}), a
 * paginated strongly consistent Scan ({@link #all}), and the conditional UpdateItem of the four reconcile-failure
 * attributes ({@link #setReconcileFailure}). The requests are the ones {@link DynamoDbClusterRegistry} sends (so the
 * roles' IAM is the same) and the items are decoded by the same {@link ClusterItems}; the bootstrap and the tools keep
 * the SDK registry.
 */
public final class MaintenanceRegistry implements ClusterRecords {

    private static final System.Logger LOG = System.getLogger(MaintenanceRegistry.class.getName());

    private final DynamoDbJson dynamo;
    private final String table;
    private final Integer pageSize;
    private volatile List<String> unreadable = List.of();

    public MaintenanceRegistry(DynamoDbJson dynamo, String table) {
        this(dynamo, table, null);
    }

    /** @param pageSize the Scan's {@code Limit} (items per page), or null for DynamoDB's own pages of up to 1 MB */
    public MaintenanceRegistry(DynamoDbJson dynamo, String table, Integer pageSize) {
        this.dynamo = dynamo;
        this.table = table;
        this.pageSize = pageSize;
    }

    @Override
    public Optional<ClusterRecord> find(String clusterName) {
        ObjectNode request = request().put("ConsistentRead", true).set("Key", DynamoDbJson.item(ClusterItems.key(clusterName)));
        JsonNode answer = dynamo.call("GetItem", request, "reading registry entry " + clusterName + " from " + table);
        JsonNode item = answer.path("Item");
        return item.isObject() && !item.isEmpty() ? Optional.of(ClusterItems.record(DynamoDbJson.item(item), table)) : Optional.empty();
    }

    @Override
    public List<ClusterRecord> all() {
        List<ClusterRecord> records = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        JsonNode start = null;
        do {
            ObjectNode request = request().put("ConsistentRead", true);
            if (pageSize != null) request.put("Limit", pageSize);
            if (start != null) request.set("ExclusiveStartKey", start);
            JsonNode page = dynamo.call("Scan", request, "listing the registry entries in " + table);
            for (JsonNode json : page.path("Items")) {
                // as DynamoDbClusterRegistry.all(): one unreadable item is reported and skipped, the others maintained
                try {
                    Map<String, AttributeValue> item = DynamoDbJson.item(json);
                    try {
                        records.add(ClusterItems.record(item, table));
                    } catch (RuntimeException e) {
                        skip(bad, ClusterItems.nameOf(item), e);
                    }
                } catch (IllegalArgumentException e) {
                    skip(bad, json.path("clusterName").path("S").asText("(no clusterName)"), e);
                }
            }
            start = page.path("LastEvaluatedKey").isObject() && !page.path("LastEvaluatedKey").isEmpty() ? page.get("LastEvaluatedKey") : null;
        } while (start != null);
        unreadable = List.copyOf(bad);
        return records;
    }

    private void skip(List<String> bad, String name, RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "registry entry {0} in {1} is unreadable and not maintained: {2}", name, table, e.getMessage());
        bad.add(name + ": " + e.getMessage());
    }

    @Override
    public List<String> unreadable() {
        return unreadable;
    }

    /** As {@link ClusterRegistry#setReconcileFailure}: false when no record exists, or clearing found nothing to clear. */
    public boolean setReconcileFailure(String clusterName, ReconcileFailure failure) {
        ClusterItems.ReconcileFailureUpdate change = ClusterItems.ReconcileFailureUpdate.of(failure);
        ObjectNode request = request().set("Key", DynamoDbJson.item(ClusterItems.key(clusterName)));
        request.put("ConditionExpression", change.condition()).put("UpdateExpression", change.update())
                .set("ExpressionAttributeNames", Json.MAPPER.valueToTree(change.names()));
        if (change.values() != null) request.set("ExpressionAttributeValues", DynamoDbJson.item(change.values()));
        try {
            dynamo.call("UpdateItem", request, ClusterItems.ReconcileFailureUpdate.doing(clusterName, failure, table));
            return true;
        } catch (DynamoDbApiException e) {
            if ("ConditionalCheckFailedException".equals(e.code())) return false;
            throw e;
        }
    }

    private ObjectNode request() {
        return Json.MAPPER.createObjectNode().put("TableName", table);
    }
}
