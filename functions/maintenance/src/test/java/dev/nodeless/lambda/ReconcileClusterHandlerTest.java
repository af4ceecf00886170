package dev.nodeless.lambda;

import static dev.nodeless.testing.KubeFixtures.nodeClaim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.aws.sfn.StepFunctionsStarter;
import dev.nodeless.kube.KubeHttp;
import dev.nodeless.kube.KubeRest;
import dev.nodeless.kube.RetryableKubeException;
import dev.nodeless.kube.emulator.KubeEmulator.Fault;
import dev.nodeless.maintenance.ReconcileScheduler;
import dev.nodeless.maintenance.ReconcileScheduler.Item;
import dev.nodeless.maintenance.ReconcileScheduler.Outcome;
import dev.nodeless.testing.MaintenanceWorld;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/** reconcile-fleet's two steps (list, one cluster) against moto (registry, Step Functions) and the Kubernetes emulator. */
class ReconcileClusterHandlerTest {

    static final Instant NOW = Instant.parse("2026-11-20T09:30:05Z");
    final MaintenanceWorld world = new MaintenanceWorld(Clock.fixed(NOW, ZoneOffset.UTC));
    SfnClient sfn;
    String arn;
    KubeRest impatient;

    @BeforeEach
    void maintainBufferMachine() {
        world.moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": false}}");
        sfn = StepFunctionsStarter.client(world.aws);
        arn = sfn.createStateMachine(b -> b.name("maintain-buffer").definition("{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}")
                .roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
        // fabric8 retries 5xx itself; two retries 10 ms apart keep the failure tests short
        impatient = new KubeRest(new KubeHttp(world.kube.url(), null, null, Duration.ofSeconds(2)), 2, Duration.ofMillis(10), world.kube.url());
    }

    @AfterEach
    void close() {
        impatient.close();
        world.close();
    }

    ReconcileScheduler scheduler(KubeRest client) {
        return new ReconcileScheduler(world.service(client), new StepFunctionsStarter(sfn, arn));
    }

    @Test
    void idleCluster_isUnchangedAndStartsNoExecution_expiryAhead_startsExactlyOneWithAReconcileRequest() throws Exception {
        ReconcileClusterHandler handler = new ReconcileClusterHandler(scheduler(world.kube.rest()));

        // the sample input of events/ (what the Map's ItemSelector builds), read as the Lambda runtime reads it
        Item sample = new ObjectMapper().readValue(dev.nodeless.testing.Fixtures.event("reconcile-cluster-input.json"), Item.class);
        assertThat(sample.execution()).startsWith("arn:aws:states:").contains(":execution:nodeless-reconcile-fleet:");
        assertThat(handler.handleRequest(sample, null)).isEqualTo(new Outcome("demo", "unchanged", null, "no change"));
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(arn)).executions()).isEmpty();

        String id = world.instance("demo", 4);
        String node = world.kube.client().nodes().list().getItems().get(0).getMetadata().getName();
        world.kube.client().resource(nodeClaim("default-x1", node, id, NOW.minus(Duration.ofHours(720)).plus(Duration.ofMinutes(20)), "720h")).create();
        Outcome needed = handler.handleRequest(new Item("demo"), null);
        assertThat(needed.outcome()).isEqualTo("reconciled");
        assertThat(needed.execution()).isEqualTo("demo-reconcile-20261120T0930");
        assertThat(needed.reason()).startsWith("grow:");
        handler.handleRequest(new Item("demo"), null); // the item retried (or the schedule delivered twice) in the same minute
        List<ExecutionListItem> executions = sfn.listExecutions(b -> b.stateMachineArn(arn)).executions();
        assertThat(executions).singleElement().satisfies(e -> assertThat(e.name()).isEqualTo("demo-reconcile-20261120T0930"));
        String input = sfn.describeExecution(b -> b.executionArn(executions.get(0).executionArn())).input();
        var event = new ObjectMapper().readTree(input);
        assertThat(event.get("source").asText()).isEqualTo("nodeless.maintenance");
        assertThat(event.get("detail").get("cluster").asText()).isEqualTo("demo");
        assertThat(world.replicas()).as("the dry run wrote nothing; the execution does the change").isEqualTo(2);
        var step = world.service.size(world.service.resolve(world.service.classify(input)));
        assertThat(step.action()).isEqualTo("grow");
        assertThat(world.replicas()).isEqualTo(4);
    }

    @Test
    void list_namesOnlyLiveClusters_andReportsAnUnreadableRegistryItemByName() {
        var s = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        world.aws.dynamo().putItem(p -> p.tableName(MaintenanceWorld.TABLE).item(java.util.Map.of("clusterName", s.s("garbled").build(),
                "status", s.s("ACTIVE").build())));

        ReconcileScheduler.Fleet fleet = new ListManagedClustersHandler(scheduler(world.kube.rest())).handleRequest(null, null);

        assertThat(fleet.clusters()).as("BOOTSTRAPPING and FAILED clusters are not maintained").containsExactly(new Item("demo"));
        assertThat(fleet.unreadable()).containsExactly(Outcome.failed("garbled", "unreadable registry item: the field region is missing"));
    }

    @Test
    void aClusterWhoseApiFailsEveryRequest_throwsTheRetryableType_thatTheMapItemRetries() throws Exception {
        for (int i = 0; i < 20; i++) world.kube.inject(Fault.status(r -> true, 503));

        Throwable thrown = catchThrowable(() -> new ReconcileClusterHandler(scheduler(impatient)).handleRequest(new Item("demo"), null));

        assertThat(thrown).isInstanceOf(RetryableKubeException.class).hasMessageContaining("reconciling cluster demo").hasMessageContaining("HTTP 503");
        assertThat(FleetDefinition.retriedErrors()).contains(thrown.getClass().getName());
        assertThat(world.kube.answers()).anyMatch(a -> a.startsWith("503 ") && a.endsWith("(injected)"));
    }

    @Test
    void aRefusedRequest_isAFailedOutcomeWithTheCause_atOnce_notRetried_andIsRecordedWithTheFleetRun_untilASuccess() {
        world.kube.inject(Fault.status(r -> r.startsWith("GET /api/v1/nodes"), 403));
        String fleetRun = "arn:aws:states:eu-west-1:123456789012:execution:nodeless-reconcile-fleet:tick-1";
        ReconcileClusterHandler handler = new ReconcileClusterHandler(scheduler(impatient),
                (cluster, failure) -> world.registry().setReconcileFailure(cluster, failure));

        Outcome o = handler.handleRequest(new Item("demo", fleetRun), null);
        var recorded = world.registry().find("demo").orElseThrow().reconcileFailure();
        Outcome next = handler.handleRequest(new Item("demo", fleetRun), null);

        assertThat(o.outcome()).isEqualTo("failed");
        assertThat(o.cluster()).isEqualTo("demo");
        assertThat(o.reason()).startsWith("KubeRejectedException: reconciling cluster demo").contains("HTTP 403");
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(arn)).executions()).isEmpty();
        assertThat(recorded.cause()).isEqualTo(o.reason());
        assertThat(recorded.execution()).isEqualTo(fleetRun);
        assertThat(next.outcome()).isEqualTo("unchanged");
        assertThat(world.registry().find("demo").orElseThrow().reconcileFailure()).isNull();
    }

    @Test
    void aClusterThatLeftTheRegistrySinceTheList_isSkipped_andAnItemWithoutACluster_isAFailedOutcome() {
        ReconcileClusterHandler handler = new ReconcileClusterHandler(scheduler(world.kube.rest()));

        assertThat(handler.handleRequest(new Item("bootstrapping"), null).outcome()).isEqualTo("skipped");
        Outcome none = handler.handleRequest(new Item(null), null);
        assertThat(none.outcome()).isEqualTo("failed");
        assertThat(none.reason()).contains("the input names no cluster");
    }
}
