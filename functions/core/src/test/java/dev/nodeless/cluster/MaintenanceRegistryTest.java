package dev.nodeless.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.dynamodb.DynamoDbApiException;
import dev.nodeless.aws.dynamodb.DynamoDbJson;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.testing.MotoServer;
import dev.nodeless.testing.Specs;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The maintenance functions' registry client (DynamoDB's JSON protocol, no SDK client) against the SDK registry the
 * bootstrap writes with, both on moto's DynamoDB: the same items read back equal, and the reconcile-failure update has
 * the same outcome and leaves the same item.
 */
class MaintenanceRegistryTest {

    static final String TABLE = "registry";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    AwsClients aws;
    DynamoDbClusterRegistry sdk;
    Registration registration;

    @BeforeEach
    void table() {
        MotoServer.get().reset();
        aws = MotoServer.get().clients("eu-west-1");
        aws.dynamo().createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        sdk = new DynamoDbClusterRegistry(aws.dynamo(), TABLE);
        registration = new Registration(sdk, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    MaintenanceRegistry json(Integer pageSize) {
        return new MaintenanceRegistry(new DynamoDbJson(aws), TABLE, pageSize);
    }

    /** Five clusters in every shape the registry holds: live, paused, failed, with a reconcile failure, with outputs. */
    void fleet() {
        for (String name : List.of("a", "b", "c", "d", "e")) {
            registration.register(new StepInput(Specs.spec(name, name.equals("b") ? "capacity-buffer" : "pause-pods"), ClusterRecord.BOOTSTRAPPING,
                    Map.of("ensureCluster", Map.of("endpoint", "https://" + name + ".eks.example"))));
            if (!name.equals("c")) registration.register(new StepInput(Specs.spec(name, name.equals("b") ? "capacity-buffer" : "pause-pods"), ClusterRecord.ACTIVE, Map.of()));
        }
        registration.recordFailure(Specs.spec("c", "pause-pods"), "States.TaskFailed", "ensureCluster: subnet-1 does not exist");
        sdk.setPause("d", new MaintenancePause("arn:aws:iam::123456789012:user/ops", "INC-7", NOW));
        sdk.setReconcileFailure("e", new ReconcileFailure(NOW, "KubeRejectedException: HTTP 403", false, "arn:aws:states:eu-west-1:1:execution:x:y"));
    }

    @Test
    void find_readsWhatTheSdkRegistryWrote_equal() {
        fleet();
        for (String name : List.of("a", "b", "c", "d", "e")) {
            assertThat(json(null).find(name)).as(name).isEqualTo(sdk.find(name)).isPresent();
        }
        assertThat(json(null).find("d").orElseThrow().pause().reason()).isEqualTo("INC-7");
        assertThat(json(null).find("e").orElseThrow().reconcileFailure().execution()).endsWith(":y");
        assertThat(json(null).find("never-registered")).isEmpty();
    }

    @Test
    void all_readsEveryPage_andReportsTheSameUnreadableItems() {
        fleet();
        aws.dynamo().putItem(p -> p.tableName(TABLE).item(Map.of("clusterName", AttributeValue.fromS("broken"), "status", AttributeValue.fromS("ACTIVE"))));
        Map<String, AttributeValue> badSpec = new HashMap<>(aws.dynamo().getItem(g -> g.tableName(TABLE).key(Map.of("clusterName", AttributeValue.fromS("a")))).item());
        badSpec.put("clusterName", AttributeValue.fromS("bad-spec"));
        badSpec.put("spec", AttributeValue.fromS("{\"clusterName\": 7}"));
        aws.dynamo().putItem(p -> p.tableName(TABLE).item(badSpec));

        List<ClusterRecord> expected = sdk.all();
        MaintenanceRegistry paged = json(2); // 7 items, pages of 2: four Scan calls

        assertThat(paged.all()).as("every page").hasSize(5).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(paged.unreadable()).containsExactlyInAnyOrderElementsOf(sdk.unreadable()).hasSize(2)
                .anySatisfy(u -> assertThat(u).startsWith("broken: the field region is missing"))
                .anySatisfy(u -> assertThat(u).startsWith("bad-spec: registry entry bad-spec in registry has an unreadable spec"));
        assertThat(json(null).all()).as("one page of up to 1 MB").containsExactlyInAnyOrderElementsOf(expected);
    }

    Map<String, AttributeValue> item(String name) {
        return aws.dynamo().getItem(g -> g.tableName(TABLE).consistentRead(true).key(Map.of("clusterName", AttributeValue.fromS(name)))).item();
    }

    @Test
    void reconcileFailure_onAMissingItem_isFalseAndWritesNothing_asTheSdkPath() {
        ReconcileFailure f = new ReconcileFailure(NOW, "x", true, null);
        assertThat(json(null).setReconcileFailure("gone", f)).isEqualTo(sdk.setReconcileFailure("gone", f)).isFalse();
        assertThat(json(null).setReconcileFailure("gone", null)).isEqualTo(sdk.setReconcileFailure("gone", null)).isFalse();
        assertThat(item("gone")).isEmpty();
    }

    @Test
    void reconcileFailure_onAnExistingItem_leavesTheItemTheSdkPathLeaves() {
        fleet();
        ReconcileFailure withExecution = new ReconcileFailure(NOW, "RetryableKubeException: HTTP 503", true, "arn:aws:states:eu-west-1:1:execution:f:1");
        ReconcileFailure without = new ReconcileFailure(NOW.plusSeconds(60), "KubeRejectedException: HTTP 403", false, null);

        assertThat(sdk.setReconcileFailure("a", withExecution)).isTrue();
        Map<String, AttributeValue> bySdk = item("a");
        assertThat(sdk.setReconcileFailure("a", without)).isTrue();
        Map<String, AttributeValue> bySdkWithout = item("a");
        assertThat(sdk.setReconcileFailure("a", null)).isTrue();
        Map<String, AttributeValue> clearedBySdk = item("a");

        assertThat(json(null).setReconcileFailure("a", withExecution)).isTrue();
        assertThat(item("a")).isEqualTo(bySdk);
        assertThat(json(null).setReconcileFailure("a", without)).isTrue();
        assertThat(item("a")).as("the execution removed, as by the SDK path").isEqualTo(bySdkWithout).doesNotContainKey("reconcileFailedExecution");
        assertThat(json(null).find("a").orElseThrow().reconcileFailure()).isEqualTo(without);
        assertThat(json(null).setReconcileFailure("a", null)).isTrue();
        assertThat(item("a")).isEqualTo(clearedBySdk).doesNotContainKey("reconcileFailedAt");
        assertThat(json(null).setReconcileFailure("a", null)).as("nothing left to clear").isEqualTo(sdk.setReconcileFailure("a", null)).isFalse();
    }

    @Test
    void aMissingTable_isDynamoDbsRefusal_namingTheTableAndTheCall() {
        MaintenanceRegistry elsewhere = new MaintenanceRegistry(new DynamoDbJson(aws), "no-such-table");
        assertThatThrownBy(() -> elsewhere.find("a")).isInstanceOfSatisfying(DynamoDbApiException.class, e -> {
            assertThat(e.code()).isEqualTo("ResourceNotFoundException");
            assertThat(e.getMessage()).startsWith("reading registry entry a from no-such-table (DynamoDB GetItem) failed: HTTP 400 ResourceNotFoundException");
        });
        assertThatThrownBy(() -> elsewhere.all()).isInstanceOfSatisfying(DynamoDbApiException.class,
                e -> assertThat(e.getMessage()).startsWith("listing the registry entries in no-such-table (DynamoDB Scan) failed"));
    }

    @Test
    void everyAttributeType_convertsToTheSameItemValues_fromJsonAsFromTheSdk() {
        Map<String, AttributeValue> every = new HashMap<>(Map.of("clusterName", AttributeValue.fromS("one"), "n", AttributeValue.fromN("12.5")));
        every.putAll(Map.of(
                "b", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromUtf8String("bytes")),
                "yes", AttributeValue.fromBool(true), "no", AttributeValue.fromBool(false), "nul", AttributeValue.fromNul(true),
                "m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromS("x"), "deeper", AttributeValue.fromM(Map.of("n", AttributeValue.fromN("1"))))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromS("two"))),
                "ss", AttributeValue.fromSs(List.of("a", "b")), "ns", AttributeValue.fromNs(List.of("1", "2")),
                "bs", AttributeValue.fromBs(List.of(software.amazon.awssdk.core.SdkBytes.fromUtf8String("p")))));
        aws.dynamo().putItem(p -> p.tableName(TABLE).item(every));
        var answer = new DynamoDbJson(aws).call("GetItem", dev.nodeless.aws.Json.MAPPER.createObjectNode().put("TableName", TABLE)
                .set("Key", MaintenanceRegistry.toJson(ClusterItems.key("one"))), "reading one");

        Map<String, ItemValue> fromJson = MaintenanceRegistry.fromJson(answer.get("Item"));
        assertThat(fromJson).isEqualTo(DynamoDbClusterRegistry.fromSdk(item("one"))).hasSize(11);
        assertThat(fromJson.get("yes").bool()).isTrue();
        assertThat(fromJson.get("no").bool()).isFalse();
        assertThat(fromJson.get("m").m().get("inner").s()).isEqualTo("x");
        assertThat(fromJson.get("m").m().get("deeper").m()).containsEntry("n", ItemValue.OTHER);
        assertThat(List.of("n", "b", "nul", "l", "ss", "ns", "bs")).allSatisfy(k -> assertThat(fromJson.get(k)).as(k).isEqualTo(ItemValue.OTHER));
    }

    @Test
    void whatTheRegistryWrites_roundTripsThroughBothConversions() {
        Map<String, ItemValue> written = ClusterItems.reconcileFailureItem(new ReconcileFailure(NOW, "cause", true, "arn:x"));
        assertThat(DynamoDbClusterRegistry.fromSdk(DynamoDbClusterRegistry.toSdk(written))).isEqualTo(written);
        assertThat(MaintenanceRegistry.fromJson(MaintenanceRegistry.toJson(written))).isEqualTo(written);
        assertThatThrownBy(() -> MaintenanceRegistry.toJson(Map.of("x", ItemValue.OTHER))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownAttributeType_isAnError_namingIt() {
        assertThatThrownBy(() -> MaintenanceRegistry.fromJson(dev.nodeless.aws.Json.read("{\"x\": {\"Q\": \"1\"}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown type Q");
        assertThatThrownBy(() -> MaintenanceRegistry.fromJson(dev.nodeless.aws.Json.read("{\"x\": {\"S\": \"1\", \"N\": \"2\"}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DynamoDB attribute value");
    }
}
