package dev.nodeless.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.aws.Json;
import dev.nodeless.aws.dynamodb.DynamoDbApiException;
import dev.nodeless.aws.dynamodb.DynamoDbJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        ObjectNode request = request().put("ConsistentRead", true).set("Key", toJson(ClusterItems.key(clusterName)));
        JsonNode answer = dynamo.call("GetItem", request, "reading registry entry " + clusterName + " from " + table);
        JsonNode item = answer.path("Item");
        return item.isObject() && !item.isEmpty() ? Optional.of(ClusterItems.record(fromJson(item), table)) : Optional.empty();
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
                    Map<String, ItemValue> item = fromJson(json);
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
        ObjectNode request = request().set("Key", toJson(ClusterItems.key(clusterName)));
        request.put("ConditionExpression", change.condition()).put("UpdateExpression", change.update())
                .set("ExpressionAttributeNames", Json.MAPPER.valueToTree(change.names()));
        if (change.values() != null) request.set("ExpressionAttributeValues", toJson(change.values()));
        try {
            dynamo.call("UpdateItem", request, ClusterItems.ReconcileFailureUpdate.doing(clusterName, failure, table));
            return true;
        } catch (DynamoDbApiException e) {
            if ("ConditionalCheckFailedException".equals(e.code())) return false;
            throw e;
        }
    }

    /**
     * An item in DynamoDB's JSON ({@code {"name": {"S": "demo"}, ...}}) as the {@link ItemValue}s {@link ClusterItems}
     * decodes; {@link IllegalArgumentException} for a value that is no DynamoDB attribute value.
     */
    static Map<String, ItemValue> fromJson(JsonNode json) {
        if (!json.isObject()) throw new IllegalArgumentException("not a DynamoDB item: " + json);
        Map<String, ItemValue> item = new LinkedHashMap<>();
        json.fields().forEachRemaining(f -> item.put(f.getKey(), fromJson(f.getKey(), f.getValue())));
        return item;
    }

    private static ItemValue fromJson(String name, JsonNode json) {
        if (!json.isObject() || json.size() != 1) throw new IllegalArgumentException("not a DynamoDB attribute value: " + name + "=" + json);
        var typed = json.fields().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> ItemValue.s(v.asText());
            case "BOOL" -> ItemValue.bool(v.asBoolean());
            case "M" -> ItemValue.m(fromJson(v));
            case "N", "B", "NULL", "L", "SS", "NS", "BS" -> ItemValue.OTHER;
            default -> throw new IllegalArgumentException("an attribute value of unknown type " + typed.getKey() + ": " + name + "=" + json);
        };
    }

    static ObjectNode toJson(Map<String, ItemValue> item) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        item.forEach((name, value) -> {
            if (value.s() != null) json.putObject(name).put("S", value.s());
            else if (value.bool() != null) json.putObject(name).put("BOOL", value.bool());
            else if (value.m() != null) json.putObject(name).set("M", toJson(value.m()));
            else throw new IllegalArgumentException("an attribute of a type the registry does not write: " + name);
        });
        return json;
    }

    private ObjectNode request() {
        return Json.MAPPER.createObjectNode().put("TableName", table);
    }
}
