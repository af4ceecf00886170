package dev.nodeless.lambda;

import static dev.nodeless.testing.KubeFixtures.nodeClaim;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.aws.sfn.StepFunctionsStarter;
import dev.nodeless.maintenance.ReconcileScheduler;
import dev.nodeless.testing.MaintenanceWorld;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/** The schedule's Lambda against moto (registry, Step Functions) and the Kubernetes emulator. */
class ReconcileBuffersHandlerTest {

    static final Instant NOW = Instant.parse("2026-11-20T09:30:05Z");
    final MaintenanceWorld world = new MaintenanceWorld(Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void idleCluster_startsNoExecution_expiryAhead_startsExactlyOneWithAReconcileRequest() throws Exception {
        world.moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": false}}");
        SfnClient sfn = StepFunctionsStarter.client(world.aws);
        String arn = sfn.createStateMachine(b -> b.name("maintain-buffer").definition("{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}")
                .roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
        ReconcileBuffersHandler handler = new ReconcileBuffersHandler(new ReconcileScheduler(world.service, new StepFunctionsStarter(sfn, arn)));

        List<ReconcileScheduler.Outcome> idle = handler.handleRequest(null, null);
        assertThat(idle).containsExactly(new ReconcileScheduler.Outcome("demo", null, "no change"));
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(arn)).executions()).isEmpty();

        String id = world.instance("demo", 4);
        String node = world.kube.client().nodes().list().getItems().get(0).getMetadata().getName();
        world.kube.client().resource(nodeClaim("default-x1", node, id, NOW.minus(Duration.ofHours(720)).plus(Duration.ofMinutes(20)), "720h")).create();
        List<ReconcileScheduler.Outcome> needed = handler.handleRequest(null, null);
        assertThat(needed).singleElement().satisfies(o -> {
            assertThat(o.execution()).isEqualTo("reconcile-demo-20261120T0930");
            assertThat(o.reason()).startsWith("grow:");
        });
        handler.handleRequest(null, null); // the schedule delivered twice in the same minute: same name, no second run
        List<ExecutionListItem> executions = sfn.listExecutions(b -> b.stateMachineArn(arn)).executions();
        assertThat(executions).singleElement().satisfies(e -> assertThat(e.name()).isEqualTo("reconcile-demo-20261120T0930"));
        String input = sfn.describeExecution(b -> b.executionArn(executions.get(0).executionArn())).input();
        var event = new ObjectMapper().readTree(input);
        assertThat(event.get("source").asText()).isEqualTo("nodeless.maintenance");
        assertThat(event.get("detail").get("cluster").asText()).isEqualTo("demo");
        assertThat(world.replicas()).as("the dry run wrote nothing; the execution does the change").isEqualTo(2);
        // and that execution's input classifies as a reconcile of demo, which then grows the buffer
        var step = world.service.size(world.service.resolve(world.service.classify(input)));
        assertThat(step.action()).isEqualTo("grow");
        assertThat(world.replicas()).isEqualTo(4);
    }

    @Test
    void anUnreadableRegistryItem_isReportedByName_andTheOtherClustersAreStillReconciled() {
        world.moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": false}}");
        SfnClient sfn = StepFunctionsStarter.client(world.aws);
        String arn = sfn.createStateMachine(b -> b.name("maintain-buffer").definition("{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}")
                .roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
        var s = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        world.aws.dynamo().putItem(p -> p.tableName(MaintenanceWorld.TABLE).item(java.util.Map.of("clusterName", s.s("garbled").build(),
                "status", s.s("ACTIVE").build())));
        ReconcileBuffersHandler handler = new ReconcileBuffersHandler(new ReconcileScheduler(world.service, new StepFunctionsStarter(sfn, arn)));

        List<ReconcileScheduler.Outcome> outcomes = handler.handleRequest(null, null);

        assertThat(outcomes).containsExactlyInAnyOrder(new ReconcileScheduler.Outcome("demo", null, "no change"),
                new ReconcileScheduler.Outcome("garbled", null, "failed: unreadable registry item: the field region is missing"));
    }
}
