package dev.nodeless.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.Registration;
import dev.nodeless.testing.MotoServer;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** planUpdate against the registry's DynamoDB adapter on moto: it plans against the spec the registry holds. */
class ClusterUpdateTest {

    private static final ObjectMapper M = new ObjectMapper();
    private DynamoDbClusterRegistry registry;
    private Registration registration;

    @BeforeEach
    void table() {
        MotoServer.get().reset();
        DynamoDbClient dynamo = MotoServer.get().clients("eu-west-1").dynamo();
        dynamo.createTable(r -> r.tableName("registry").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        registry = new DynamoDbClusterRegistry(dynamo, "registry");
        registration = new Registration(registry, Clock.systemUTC());
    }

    @Test
    void activeCluster_isPlannedAgainstItsRegisteredSpec_andNothingIsWritten() throws Exception {
        registration.register(new StepInput(UpdatePlannerTest.registered(), ClusterRecord.BOOTSTRAPPING, Map.of()));
        registration.register(new StepInput(UpdatePlannerTest.registered(), ClusterRecord.ACTIVE, Map.of()));
        ClusterRecord before = registry.find("demo").orElseThrow();

        UpdatePlan p = new ClusterUpdate(registry).plan("demo", M.readTree("{\"buffer\":{\"baselineReplicas\":4}}"), false);

        assertThat(p.status()).isEqualTo(UpdatePlan.CHANGES);
        assertThat(p.changes()).extracting(c -> c.path() + ": " + c.before() + " -> " + c.after()).containsExactly("$.buffer.baselineReplicas: 2 -> 4");
        assertThat(p.steps()).containsExactly("applyKubernetes", "verifyCluster");
        assertThat(p.baseSpecHash()).as("what registerCluster reports when it moves the record to UPDATING").isEqualTo(before.specHash());
        assertThat(registry.find("demo").orElseThrow()).as("planning writes nothing").isEqualTo(before);
    }

    @Test
    void unknownOrBusyCluster_isRefused_sayingWhy() throws Exception {
        var patch = M.readTree("{\"buffer\":{\"baselineReplicas\":4}}");
        assertThat(new ClusterUpdate(registry).plan("nope", patch, false).reason()).isEqualTo("cluster nope is not in this stack's registry: bootstrap it first");

        registration.register(new StepInput(UpdatePlannerTest.registered(), ClusterRecord.BOOTSTRAPPING, Map.of()));
        UpdatePlan creating = new ClusterUpdate(registry).plan("demo", patch, false);
        assertThat(creating.status()).isEqualTo(UpdatePlan.REFUSED);
        assertThat(creating.reason()).isEqualTo("cluster demo is BOOTSTRAPPING; only an ACTIVE cluster is updated (another run is changing it: start the update when it has ended)");

        registration.register(new StepInput(UpdatePlannerTest.registered(), ClusterRecord.ACTIVE, Map.of()));
        registration.register(new StepInput(UpdatePlannerTest.registered(), ClusterRecord.BOOTSTRAPPING, Map.of()));
        assertThat(registry.find("demo").orElseThrow().status()).isEqualTo(ClusterRecord.UPDATING);
        assertThat(new ClusterUpdate(registry).plan("demo", patch, false).reason()).startsWith("cluster demo is UPDATING;");
        assertThat(new ClusterUpdate(registry).plan(null, patch, false).reason()).startsWith("the input needs clusterName");
    }
}
