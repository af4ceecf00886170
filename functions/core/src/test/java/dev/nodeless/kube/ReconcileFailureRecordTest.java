package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.ReconcileFailure;
import dev.nodeless.kube.buffer.KubeClusterApi;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.ReconcileScheduler;
import dev.nodeless.testing.MaintenanceWorld;
import dev.nodeless.testing.Specs;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A scheduled reconcile's failure is recorded on the cluster's registry item (moto's DynamoDB) with an UpdateItem that
 * touches only its own four attributes, and cleared by the next reconcile that succeeds. The cluster's API is the
 * Kubernetes emulator; a failure is the fabric8 exception its client throws for that HTTP status, thrown when the
 * cluster is opened (so exactly one reconcile fails, whatever the client's own retries).
 */
class ReconcileFailureRecordTest {

    static final Instant NOW = Instant.parse("2026-11-20T09:30:05Z");
    static final String FLEET_RUN = "arn:aws:states:eu-west-1:123456789012:execution:reconcile-fleet:tick-1";
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final MaintenanceWorld world = new MaintenanceWorld(clock);

    @AfterEach
    void close() {
        world.close();
    }

    final java.util.concurrent.atomic.AtomicReference<RuntimeException> failNext = new java.util.concurrent.atomic.AtomicReference<>();

    static KubernetesClientException http(int code, String message) {
        return new KubernetesClientException(message, code,
                new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(code).withMessage(message).build());
    }

    ReconcileClusterStep step() {
        MaintenanceService service = new MaintenanceService(ids -> Map.of(), world.clusters(), c -> {
            RuntimeException e = failNext.getAndSet(null);
            if (e != null) throw e;
            return new KubeClusterApi(world.kube.rest(), KubeClusterApi.backendOf(c.backend()), clock);
        }, clock);
        return new ReconcileClusterStep(new ReconcileScheduler(service, (n, i) -> true),
                (cluster, failure) -> world.registry().setReconcileFailure(cluster, failure), clock);
    }

    Map<String, AttributeValue> item(String cluster) {
        return new HashMap<>(world.aws.dynamo().getItem(g -> g.tableName(MaintenanceWorld.TABLE).consistentRead(true)
                .key(Map.of("clusterName", AttributeValue.builder().s(cluster).build()))).item());
    }

    @Test
    void refusedReconcile_recordsWhenWhyAndWhere_andChangesNoOtherAttribute() {
        world.pause("demo", "arn:aws:iam::123456789012:user/ops", "INC-7");
        Map<String, AttributeValue> before = item("demo");
        failNext.set(http(403, "nodes is forbidden"));

        ReconcileScheduler.Outcome outcome = step().run("demo", FLEET_RUN);
        world.resume("demo"); // paused clusters are not reconciled: resume after the run to check the pause was kept
        Map<String, AttributeValue> after = item("demo");

        assertThat(outcome.outcome()).isEqualTo("ignored");
        assertThat(after).doesNotContainKey("reconcileFailedAt");

        Map<String, AttributeValue> unpaused = item("demo");
        failNext.set(http(403, "nodes is forbidden"));
        ReconcileScheduler.Outcome failed = step().run("demo", FLEET_RUN);
        Map<String, AttributeValue> recorded = item("demo");
        ReconcileFailure f = world.registry().find("demo").orElseThrow().reconcileFailure();

        assertThat(before).containsKey("pausedBy");
        assertThat(failed.outcome()).isEqualTo("failed");
        assertThat(f.at()).isEqualTo(NOW);
        assertThat(f.cause()).isEqualTo(failed.reason()).startsWith("KubeRejectedException: reconciling cluster demo: HTTP 403");
        assertThat(f.retryable()).isFalse();
        assertThat(f.execution()).isEqualTo(FLEET_RUN);
        recorded.keySet().removeAll(java.util.List.of("reconcileFailedAt", "reconcileFailure", "reconcileFailureRetryable", "reconcileFailedExecution"));
        assertThat(recorded).as("every other attribute as it was").isEqualTo(unpaused);
    }

    @Test
    void retryableFailure_isRecordedAsRetried_andStillThrown_thenASuccessClearsIt() {
        failNext.set(http(503, "etcdserver: leader changed"));
        Throwable thrown = catchThrowable(() -> step().run("demo", FLEET_RUN));
        ReconcileFailure f = world.registry().find("demo").orElseThrow().reconcileFailure();
        Map<String, AttributeValue> failedItem = item("demo");

        ReconcileScheduler.Outcome ok = step().run("demo", FLEET_RUN);
        Map<String, AttributeValue> cleared = item("demo");

        assertThat(thrown).isInstanceOf(RetryableKubeException.class);
        assertThat(f.retryable()).isTrue();
        assertThat(f.cause()).startsWith("RetryableKubeException: reconciling cluster demo: HTTP 503");
        assertThat(ok.outcome()).isEqualTo("unchanged");
        assertThat(cleared).doesNotContainKeys("reconcileFailedAt", "reconcileFailure", "reconcileFailureRetryable", "reconcileFailedExecution");
        failedItem.keySet().removeAll(java.util.List.of("reconcileFailedAt", "reconcileFailure", "reconcileFailureRetryable", "reconcileFailedExecution"));
        assertThat(cleared).isEqualTo(failedItem);
        assertThat(world.registry().setReconcileFailure("demo", null)).as("nothing left to clear: nothing written").isFalse();
    }

    @Test
    void aClusterNotInTheRegistry_getsNoItem_andABootstrapReRunKeepsTheFailure() {
        assertThat(world.registry().setReconcileFailure("gone", new ReconcileFailure(NOW, "x", false, null))).isFalse();
        assertThat(world.registry().find("gone")).isEmpty();

        ReconcileFailure f = new ReconcileFailure(NOW, "KubeRejectedException: no buffer", false, null);
        world.registry().setReconcileFailure("demo", f);
        var spec = Specs.spec("demo", "pause-pods");
        world.registration().register(new StepInput(spec, ClusterRecord.BOOTSTRAPPING, Map.of("x", Map.of("y", 1))));
        world.registration().register(new StepInput(spec, ClusterRecord.ACTIVE, Map.of()));

        assertThat(world.registry().find("demo").orElseThrow().reconcileFailure()).isEqualTo(f);
        assertThat(item("demo")).doesNotContainKey("reconcileFailedExecution");
    }
}
