package dev.nodeless.cluster;

import dev.nodeless.aws.AwsErrors;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link ClusterRegistry} on a DynamoDB table with partition key {@code clusterName} (S). Attributes: status,
 * region, specHash, createdAt/updatedAt (ISO-8601), outputs (map of JSON strings), lastError (absent when none).
 */
public final class DynamoDbClusterRegistry implements ClusterRegistry {

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
        if (item == null || item.isEmpty()) return Optional.empty();
        Map<String, String> outputs = new LinkedHashMap<>();
        if (item.containsKey("outputs")) item.get("outputs").m().forEach((k, v) -> outputs.put(k, v.s()));
        return Optional.of(new ClusterRecord(item.get("clusterName").s(), item.get("status").s(), item.get("region").s(),
                item.get("specHash").s(), Instant.parse(item.get("createdAt").s()), Instant.parse(item.get("updatedAt").s()),
                outputs, item.containsKey("lastError") ? item.get("lastError").s() : null));
    }

    @Override
    public void put(ClusterRecord r) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("clusterName", s(r.clusterName()));
        item.put("status", s(r.status()));
        item.put("region", s(r.region()));
        item.put("specHash", s(r.specHash()));
        item.put("createdAt", s(r.createdAt().toString()));
        item.put("updatedAt", s(r.updatedAt().toString()));
        Map<String, AttributeValue> outputs = new LinkedHashMap<>();
        r.outputs().forEach((k, v) -> outputs.put(k, s(v)));
        item.put("outputs", AttributeValue.builder().m(outputs).build());
        if (r.lastError() != null) item.put("lastError", s(r.lastError()));
        AwsErrors.run("writing registry entry " + r.clusterName() + " to " + table, () -> dynamo.putItem(p -> p.tableName(table).item(item)));
    }

    @Override
    public boolean delete(String clusterName) {
        Map<String, AttributeValue> old = AwsErrors.call("deleting registry entry " + clusterName + " from " + table, () ->
                dynamo.deleteItem(r -> r.tableName(table).key(Map.of("clusterName", s(clusterName))).returnValues(ReturnValue.ALL_OLD)).attributes());
        return old != null && !old.isEmpty();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }
}
