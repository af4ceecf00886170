package dev.nodeless.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.buffer.BufferPolicies;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.Registration;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.SpecReader;
import dev.nodeless.testing.MotoServer;
import dev.nodeless.testing.Specs;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The one registry table on moto: written by the bootstrap's registration, read by the maintenance loop. */
class RegisteredClustersTest {

    private DynamoDbClient dynamo;
    private Registration registration;
    private RegisteredClusters managed;

    @BeforeEach
    void table() {
        MotoServer.get().reset();
        dynamo = MotoServer.get().clients("eu-west-1").dynamo();
        dynamo.createTable(r -> r.tableName("registry").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        DynamoDbClusterRegistry registry = new DynamoDbClusterRegistry(dynamo, "registry");
        registration = new Registration(registry, Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
        managed = new RegisteredClusters(registry);
    }

    @Test
    void bootstrapRegistersThenActivates_maintenanceFindsItWithThePolicyAndBackendOfItsSpec() {
        ClusterSpec spec = Specs.spec("demo", ClusterSpec.Buffer.CAPACITY_BUFFER);
        registration.register(new StepInput(spec, ClusterRecord.BOOTSTRAPPING, Map.of()));
        assertThat(managed.find("demo")).as("not maintained while bootstrapping").isEmpty();

        registration.register(new StepInput(spec, ClusterRecord.ACTIVE, Map.of()));

        ManagedClusters.ManagedCluster demo = managed.find("demo").orElseThrow();
        assertThat(demo.name()).isEqualTo("demo");
        assertThat(demo.backend()).isEqualTo("capacity-buffer");
        assertThat(demo.policy()).isEqualTo(BufferPolicies.from(spec));
        assertThat(demo.policy().baseline()).isEqualTo(2);
        assertThat(demo.policy().maxReplicas()).isEqualTo(50);
        assertThat(managed.all()).containsExactly(demo);
        String stored = dynamo.getItem(r -> r.tableName("registry").key(Map.of("clusterName", AttributeValue.fromS("demo")))).item().get("spec").s();
        assertThat(SpecReader.read(stored)).as("the item holds the normalised spec as JSON").isEqualTo(spec);
    }

    @Test
    void bootstrappingFailedAndDeletingClusters_areNotMaintained() {
        ClusterSpec active = Specs.spec("active", "pause-pods");
        registration.register(new StepInput(active, ClusterRecord.ACTIVE, Map.of()));
        registration.register(new StepInput(Specs.spec("starting", "pause-pods"), ClusterRecord.BOOTSTRAPPING, Map.of()));
        ClusterSpec failed = Specs.spec("failed", "pause-pods");
        registration.register(new StepInput(failed, ClusterRecord.BOOTSTRAPPING, Map.of()));
        registration.recordFailure(failed, "States.TaskFailed", "ensureCluster: subnet-1 does not exist");
        registration.register(new StepInput(Specs.spec("leaving", "pause-pods"), ClusterRecord.DELETING, Map.of()));

        assertThat(managed.all()).extracting(ManagedClusters.ManagedCluster::name).containsExactly("active");
        assertThat(managed.find("starting")).isEmpty();
        assertThat(managed.find("failed")).isEmpty();
        assertThat(managed.find("leaving")).isEmpty();
        assertThat(managed.find("never-registered")).isEmpty();
    }

    @Test
    void activeItemWithoutSpec_isSkipped_notThrown_soTheOtherClustersAreStillMaintained() {
        registration.register(new StepInput(Specs.spec("demo", "pause-pods"), ClusterRecord.ACTIVE, Map.of()));
        dynamo.putItem(r -> r.tableName("registry").item(Map.of("clusterName", AttributeValue.fromS("old"),
                "status", AttributeValue.fromS("ACTIVE"), "region", AttributeValue.fromS("eu-west-1"),
                "specHash", AttributeValue.fromS("00"), "createdAt", AttributeValue.fromS("2026-01-01T00:00:00Z"),
                "updatedAt", AttributeValue.fromS("2026-01-01T00:00:00Z"))));

        assertThat(managed.all()).extracting(ManagedClusters.ManagedCluster::name).containsExactly("demo");
        assertThat(managed.find("old")).isEmpty();
    }
}
