package dev.nodeless.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.testing.MotoServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A finished reconcile-fleet run, executed by moto's Step Functions interpreter (one execution per state machine:
 * moto 5.2 fails a second StartExecution on a machine that has run), read back for each cluster's outcome.
 */
class ExecutionHistoryTest {

    final MotoServer moto = MotoServer.get();

    @AfterEach
    void interpreterOff() {
        moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": false}}");
    }

    @Test
    void finishedFleetRun_givesEachClusterItsOwnOutcome_andOneWhoWasNotInIt() throws Exception {
        moto.reset();
        moto.enableStepFunctionsExecution();
        SfnClient sfn = moto.clients("eu-west-1").configure(SfnClient.builder()).build();
        String output = """
                {"outcomes":[{"cluster":"demo","outcome":"unchanged","reason":"no change"},
                 {"cluster":"broken","outcome":"failed","error":"dev.nodeless.kube.RetryableKubeException","reason":"reconciling cluster broken: HTTP 503"}],
                 "unreadable":[{"cluster":"garbled","outcome":"failed","reason":"unreadable registry item: the field status is missing"}]}""";
        String fleet = sfn.createStateMachine(b -> b.name("nodeless-reconcile-fleet").roleArn("arn:aws:iam::123456789012:role/nodeless-states")
                .definition("{\"StartAt\":\"Report\",\"States\":{\"Report\":{\"Type\":\"Pass\",\"Result\":" + output + ",\"End\":true}}}")).stateMachineArn();
        String run = sfn.startExecution(s -> s.stateMachineArn(fleet).name("tick-1").input("{}")).executionArn();
        for (int i = 0; i < 100 && sfn.describeExecution(d -> d.executionArn(run)).status() == ExecutionStatus.RUNNING; i++) Thread.sleep(100);
        ExecutionHistory history = new ExecutionHistory(sfn, "eu-west-1", List.of(new ExecutionHistory.Machine(ExecutionHistory.RECONCILE_FLEET, fleet),
                new ExecutionHistory.Machine("teardown-cluster", null)), 1000);
        List<String> fleetNames = List.of("demo", "broken", "garbled", "new");

        List<ClusterStatus.Run> demo = history.of("demo", fleetNames);

        assertThat(demo).singleElement().satisfies(r -> {
            assertThat(r.workflow()).isEqualTo("reconcile-fleet");
            assertThat(r.status()).isEqualTo("SUCCEEDED");
            assertThat(r.arn()).isEqualTo(run);
            assertThat(r.note()).isEqualTo("this cluster: unchanged: no change");
            assertThat(r.console()).isEqualTo("https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/" + run);
        });
        assertThat(history.of("broken", fleetNames).get(0).note()).isEqualTo("this cluster: failed: reconciling cluster broken: HTTP 503");
        assertThat(history.of("garbled", fleetNames).get(0).note()).isEqualTo("this cluster: failed: unreadable registry item: the field status is missing");
        assertThat(history.of("new", fleetNames).get(0).note()).isEqualTo("this cluster: not in this run (not live when it started)");
    }
}
