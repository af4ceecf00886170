package dev.nodeless.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.testing.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The registry service against its DynamoDB adapter on moto. */
class RegistrationTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private DynamoDbClusterRegistry registry;
    private final ClusterSpec spec = AwsTestSupport.spec("demo");

    @BeforeEach
    void table() {
        MotoServer.get().reset();
        DynamoDbClient dynamo = MotoServer.get().clients("eu-west-1").dynamo();
        dynamo.createTable(r -> r.tableName("registry").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        registry = new DynamoDbClusterRegistry(dynamo, "registry");
    }

    private Registration at(Instant t) {
        return new Registration(registry, Clock.fixed(t, ZoneOffset.UTC));
    }

    @Test
    void register_createsTheItem_andTheSameCallAgainWritesNothing() {
        StepResult first = at(T0).register(new StepInput(spec, "BOOTSTRAPPING", Map.of()));
        StepResult second = at(T0.plusSeconds(60)).register(new StepInput(spec, "BOOTSTRAPPING", Map.of()));

        assertThat(first.status()).isEqualTo(StepResult.CREATED);
        assertThat(second.status()).isEqualTo(StepResult.UNCHANGED);
        ClusterRecord r = registry.find("demo").orElseThrow();
        assertThat(r.status()).isEqualTo("BOOTSTRAPPING");
        assertThat(r.region()).isEqualTo("eu-west-1");
        assertThat(r.specHash()).isEqualTo(SpecHash.of(spec)).hasSize(64);
        assertThat(r.spec()).as("the normalised spec, for the maintenance loop").isEqualTo(spec);
        assertThat(r.updatedAt()).as("the unchanged call did not write").isEqualTo(T0);
    }

    @Test
    void activeAfterBootstrap_keepsCreationTime_andStoresOutputs() {
        at(T0).register(new StepInput(spec, "BOOTSTRAPPING", Map.of()));

        StepResult r = at(T0.plus(Duration.ofMinutes(20))).register(new StepInput(spec, "ACTIVE",
                Map.of("ensureCluster", Map.of("endpoint", "https://x.eks.amazonaws.com"))));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(r.reason()).isEqualTo("status BOOTSTRAPPING -> ACTIVE");
        ClusterRecord rec = registry.find("demo").orElseThrow();
        assertThat(rec.createdAt()).isEqualTo(T0);
        assertThat(rec.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
        assertThat(rec.outputs().get("ensureCluster")).isEqualTo("{\"endpoint\":\"https://x.eks.amazonaws.com\"}");
    }

    @Test
    void recordFailure_marksFailedWithErrorAndCause_andANewBootstrapClearsIt() {
        at(T0).register(new StepInput(spec, "BOOTSTRAPPING", Map.of()));

        at(T0.plusSeconds(5)).recordFailure(spec, "dev.nodeless.aws.InvalidStepInputException", "network.subnetIds: subnet-1 does not exist");

        ClusterRecord failed = registry.find("demo").orElseThrow();
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.lastError()).isEqualTo("dev.nodeless.aws.InvalidStepInputException: network.subnetIds: subnet-1 does not exist");
        at(T0.plusSeconds(9)).register(new StepInput(spec, "BOOTSTRAPPING", Map.of()));
        assertThat(registry.find("demo").orElseThrow().lastError()).isNull();
    }

    @Test
    void reRunOfAnActiveCluster_isUpdating_stillMaintainedWithTheLastGoodSpec_andSuccessMakesTheNewSpecGood() {
        at(T0).register(new StepInput(spec, "BOOTSTRAPPING", Map.of()));
        at(T0.plusSeconds(60)).register(new StepInput(spec, "ACTIVE", Map.of()));
        ClusterSpec changed = AwsTestSupport.withTags(spec, Map.of("team", "other"));
        var maintained = new dev.nodeless.maintenance.RegisteredClusters(registry);

        StepResult r = at(T0.plusSeconds(120)).register(new StepInput(changed, "BOOTSTRAPPING", Map.of()));

        assertThat(r.reason()).isEqualTo("status ACTIVE -> UPDATING");
        ClusterRecord updating = registry.find("demo").orElseThrow();
        assertThat(updating.status()).isEqualTo("UPDATING");
        assertThat(updating.spec()).as("the last good spec until the run succeeds").isEqualTo(spec);
        assertThat(maintained.find("demo")).as("maintenance goes on while it runs").isPresent();

        at(T0.plusSeconds(900)).register(new StepInput(changed, "ACTIVE", Map.of()));
        assertThat(registry.find("demo").orElseThrow().spec()).isEqualTo(changed);
        assertThat(registry.find("demo").orElseThrow().status()).isEqualTo("ACTIVE");
    }

    @Test
    void failedOrInvalidReRunOfAnActiveCluster_keepsItActiveWithItsSpec_andOnlyRecordsTheError() {
        at(T0).register(new StepInput(spec, "ACTIVE", Map.of("ensureCluster", Map.of("endpoint", "https://x"))));
        ClusterSpec bad = AwsTestSupport.withVersion(spec, "1.99");
        at(T0.plusSeconds(60)).register(new StepInput(bad, "BOOTSTRAPPING", Map.of()));

        StepResult r = at(T0.plusSeconds(61)).recordFailure(bad, "States.TaskFailed", "$.kubernetesVersion: must be one of ...",
                "arn:aws:states:eu-west-1:123456789012:execution:nodeless-bootstrap-cluster:rerun-7");

        ClusterRecord kept = registry.find("demo").orElseThrow();
        assertThat(kept.status()).isEqualTo("ACTIVE");
        assertThat(kept.spec()).isEqualTo(spec);
        assertThat(kept.specHash()).isEqualTo(SpecHash.of(spec));
        assertThat(kept.outputs()).containsKey("ensureCluster");
        assertThat(kept.lastError()).isEqualTo("States.TaskFailed: $.kubernetesVersion: must be one of ...");
        assertThat(kept.lastFailedExecution()).as("where the failed run's history is").endsWith(":execution:nodeless-bootstrap-cluster:rerun-7");
        assertThat(r.reason()).contains("stays ACTIVE");
        assertThat(new dev.nodeless.maintenance.RegisteredClusters(registry).find("demo")).isPresent();
    }

    @Test
    void unreadableRegistryItems_areSkipped_andTheOtherClustersAreStillListedAndMaintained() {
        at(T0).register(new StepInput(spec, "ACTIVE", Map.of()));
        at(T0).register(new StepInput(AwsTestSupport.spec("other"), "ACTIVE", Map.of()));
        DynamoDbClient dynamo = MotoServer.get().clients("eu-west-1").dynamo();
        var s = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        dynamo.putItem(p -> p.tableName("registry").item(Map.of("clusterName", s.s("garbled").build(), "status", s.s("ACTIVE").build())));
        dynamo.putItem(p -> p.tableName("registry").item(Map.of("clusterName", s.s("badspec").build(), "status", s.s("ACTIVE").build(),
                "region", s.s("eu-west-1").build(), "specHash", s.s("x").build(), "createdAt", s.s(T0.toString()).build(),
                "updatedAt", s.s(T0.toString()).build(), "spec", s.s("{\"clusterName\": 42, \"what\": true}").build())));

        assertThat(registry.all()).extracting(ClusterRecord::clusterName).containsExactlyInAnyOrder("demo", "other");
        var maintained = new dev.nodeless.maintenance.RegisteredClusters(registry);
        assertThat(maintained.all()).hasSize(2);
        assertThat(maintained.unreadable()).as("reported by name").hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("garbled: the field region is missing"))
                .anySatisfy(p -> assertThat(p).startsWith("badspec: registry entry badspec"));
    }

    @Test
    void itemWrittenWithoutSpec_getsItOnTheNextRegistration_evenWithTheSameHashAndStatus() {
        at(T0).register(new StepInput(spec, "ACTIVE", Map.of()));
        ClusterRecord old = registry.find("demo").orElseThrow();
        registry.put(new ClusterRecord(old.clusterName(), old.status(), old.region(), old.specHash(), null,
                old.createdAt(), old.updatedAt(), old.outputs(), old.lastError()));
        assertThat(registry.find("demo").orElseThrow().spec()).isNull();

        StepResult r = at(T0.plusSeconds(60)).register(new StepInput(spec, "ACTIVE", Map.of()));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(registry.find("demo").orElseThrow().spec()).isEqualTo(spec);
    }

    @Test
    void unknownStatus_isRejected_andNothingIsWritten() {
        assertThatThrownBy(() -> at(T0).register(new StepInput(spec, "READY", Map.of())))
                .isInstanceOf(InvalidStepInputException.class).hasMessageContaining("'READY'");
        assertThat(registry.find("demo")).isEmpty();
    }

    @Test
    void remove_deletesTheItem_thenReportsAbsent() {
        at(T0).register(new StepInput(spec, "DELETING", Map.of()));

        assertThat(at(T0).remove(spec, "registry").status()).isEqualTo(StepResult.DELETED);
        assertThat(at(T0).remove(spec, "registry").status()).isEqualTo(StepResult.ABSENT);
        assertThat(registry.find("demo")).isEmpty();
    }
}
