package dev.nodeless.aws.dynamodb;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.buffer.BufferPolicies;
import dev.nodeless.maintenance.ManagedClusters;
import dev.nodeless.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The fleet registry (DynamoDB, partition key {@code clusterName}) as the maintenance loop reads it. Items it
 * needs: {@code clusterName} (S), {@code status} (S; only {@code ACTIVE} clusters are maintained: a bootstrapping
 * cluster has no buffer yet, a deleting one must be left alone) and {@code spec} (S, the normalised cluster spec
 * JSON, for the buffer policy and backend). Reads are strongly consistent: a just-activated cluster counts at once.
 */
public final class RegistryClusters implements ManagedClusters {

    public static final String ACTIVE = "ACTIVE";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DynamoDbClient dynamo;
    private final String table;

    public RegistryClusters(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<ManagedCluster> find(String name) {
        GetItemResponse r = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("clusterName", AttributeValue.fromS(name))));
        return r.hasItem() ? managed(r.item()) : Optional.empty();
    }

    @Override
    public List<ManagedCluster> all() {
        List<ManagedCluster> clusters = new ArrayList<>();
        for (ScanResponse page : dynamo.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())) {
            page.items().forEach(item -> managed(item).ifPresent(clusters::add));
        }
        return clusters;
    }

    private static Optional<ManagedCluster> managed(Map<String, AttributeValue> item) {
        AttributeValue status = item.get("status");
        AttributeValue spec = item.get("spec");
        if (status == null || !ACTIVE.equals(status.s()) || spec == null || spec.s() == null) return Optional.empty();
        try {
            ClusterSpec s = JSON.readValue(spec.s(), ClusterSpec.class);
            return Optional.of(new ManagedCluster(s.clusterName(), BufferPolicies.from(s), s.buffer().backend()));
        } catch (Exception e) {
            throw new IllegalStateException("registry item of cluster " + item.get("clusterName") + " has an unreadable spec: " + e.getMessage(), e);
        }
    }
}
