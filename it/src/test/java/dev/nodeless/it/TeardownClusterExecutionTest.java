package dev.nodeless.it;

import static dev.nodeless.it.support.Steps.deleted;
import static dev.nodeless.it.support.Steps.failed;
import static dev.nodeless.it.support.Steps.unchanged;
import static dev.nodeless.it.support.Steps.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.it.support.Asl;
import dev.nodeless.it.support.Contracts;
import dev.nodeless.it.support.StepFunctionsInMoto;
import dev.nodeless.it.support.StepFunctionsInMoto.Execution;
import dev.nodeless.it.support.StepFunctionsInMoto.Invocation;
import dev.nodeless.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** Runs teardown-cluster.asl.json in moto with scripted handler answers (see BootstrapClusterExecutionTest for why). */
class TeardownClusterExecutionTest {

    private final StepFunctionsInMoto sfn = new StepFunctionsInMoto(MotoServer.get());
    private String machine;

    @BeforeEach
    void createStateMachine() {
        sfn.reset();
        machine = sfn.create(Asl.load("teardown-cluster"));
    }

    @Test
    void teardown_deletesEveryStageInReverseBootstrapOrderWaitingUntilEachIsGone() {
        List<Object> answers = new ArrayList<>(List.of(BootstrapClusterExecutionTest.SPEC, CONFIRMED,
                StepResult.done("registerCluster", "DELETING", StepResult.UPDATED, "status DELETING", Map.of()),
                waiting("teardownKubernetes", null, "3 Karpenter nodes still running"),
                StepResult.done("teardownKubernetes", null, StepResult.DELETED, "NodePools, EC2NodeClass and LoadBalancer Services deleted", Map.of())));
        for (String stage : Contracts.TEARDOWN_STAGES) {
            if (stage.equals("cluster")) answers.add(waiting("teardownStep", stage, "cluster demo is DELETING"));
            answers.add(stage.equals("registry") ? unchanged("teardownStep", stage) : deleted("teardownStep", stage));
        }
        sfn.queueLambdaResults(answers);

        Execution run = sfn.run(machine, "teardown-happy", BootstrapClusterExecutionTest.RAW_SPEC);

        assertThat(run.status()).as("history: %s", run.enteredStates()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = run.output();
        assertThat(out.path("clusterName").asText()).isEqualTo("demo");
        assertThat(StreamSupport.stream(out.path("removed").spliterator(), false).map(r -> r.path("target").asText()).toList())
                .containsExactlyElementsOf(Contracts.TEARDOWN_STAGES);
        List<String> stageCalls = run.invocations().stream().filter(c -> c.function().equals("TeardownStep")).map(Invocation::target)
                .filter(t -> !t.equals("deletion-protection")).toList();
        List<String> expected = new ArrayList<>(Contracts.TEARDOWN_STAGES);
        expected.add(expected.indexOf("cluster"), "cluster");
        assertThat(stageCalls).as("one stage at a time, the cluster stage polled until gone").containsExactlyElementsOf(expected);
        assertThat(run.invocations().get(1).target()).isEqualTo("deletion-protection");
        assertThat(run.invocations().get(2).target()).isEqualTo("DELETING");
        assertThat(run.enteredStates()).containsSubsequence("ValidateSpec", "RegisterClusterDeleting", "TeardownKubernetes",
                "WaitBeforeTeardownKubernetes", "TeardownKubernetes", "TeardownStages", "BuildOutput", "TornDown");
        assertThat(run.enteredStates()).doesNotContain("RecordFailure");
    }

    @Test
    void stageFailed_stopsBeforeTheNextStageAndFailsWithTheStageInTheCause() {
        sfn.queueLambdaResults(List.of(BootstrapClusterExecutionTest.SPEC, CONFIRMED,
                StepResult.done("registerCluster", "DELETING", StepResult.UPDATED, "status DELETING", Map.of()),
                StepResult.done("teardownKubernetes", null, StepResult.DELETED, "nothing left", Map.of()),
                deleted("teardownStep", "interruption-queue"), deleted("teardownStep", "access-entries"), deleted("teardownStep", "addons"),
                deleted("teardownStep", "fargate-profile:kube-system"),
                failed("teardownStep", "fargate-profile:karpenter", "profile karpenter is DELETE_FAILED"),
                unchanged("recordFailure", null)));

        Execution run = sfn.run(machine, "teardown-profile-failed", BootstrapClusterExecutionTest.RAW_SPEC);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.StepFailed");
        assertThat(run.description().cause()).isEqualTo("teardownStep fargate-profile:karpenter failed: profile karpenter is DELETE_FAILED");
        assertThat(run.invocations().stream().map(Invocation::target)).doesNotContain("cluster");
        Invocation record = run.invocations().get(run.invocations().size() - 1);
        assertThat(record.function()).isEqualTo("RecordFailure");
        assertThat(record.payload().at("/error/Error").asText()).isEqualTo("Nodeless.StepFailed");
        assertThat(run.enteredStates()).containsSubsequence("TeardownStages", "TeardownStepFailed", "RecordFailure", "Failed");
    }

    private static final StepResult CONFIRMED = StepResult.done("teardownStep", "deletion-protection", StepResult.UNCHANGED,
            "deletion confirmed by confirmDeletion", Map.of());

    @Test
    void protectedClusterWithoutConfirmation_failsBeforeAnyChange_withTheRefusalAsCause() {
        String refusal = "refusing to delete cluster demo: it is protected (EKS deletion protection is on); nothing was changed. "
                + "To delete it, start the teardown again with \"confirmDeletion\": \"demo\" in its input";
        sfn.queueLambdaResults(List.of(BootstrapClusterExecutionTest.SPEC, failed("teardownStep", "deletion-protection", refusal),
                unchanged("recordFailure", null)));

        Execution run = sfn.run(machine, "teardown-refused", BootstrapClusterExecutionTest.RAW_SPEC);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.DeletionRefused");
        assertThat(run.description().cause()).isEqualTo(refusal);
        assertThat(run.invocations().stream().map(Invocation::function)).containsExactly("ValidateSpec", "TeardownStep", "RecordFailure");
        assertThat(run.enteredStates()).doesNotContain("RegisterClusterDeleting", "TeardownKubernetes", "TeardownStages");
    }

    @Test
    void kubernetesObjectsThatNeverGo_failTheTeardownAfterTeardownMaxAttempts_namingThem() {
        String blocking = "waiting for controllers to remove 1 LoadBalancer Services (shop/web; finalizers: service.k8s.aws/resources)";
        List<Object> answers = new ArrayList<>(List.of(BootstrapClusterExecutionTest.SPEC, CONFIRMED,
                StepResult.done("registerCluster", "DELETING", StepResult.UPDATED, "status DELETING", Map.of())));
        for (int i = 0; i < 4; i++) answers.add(waiting("teardownKubernetes", null, blocking));
        answers.add(unchanged("recordFailure", null));
        sfn.queueLambdaResults(answers);

        Execution run = sfn.run(machine, "teardown-k8s-stuck", BootstrapClusterExecutionTest.RAW_SPEC);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.TeardownTimedOut");
        assertThat(run.description().cause()).isEqualTo("teardownKubernetes: still not done after 3 checks; last: " + blocking);
        assertThat(run.enteredStates().stream().filter("TeardownKubernetes"::equals)).as("3 waits, 4 checks (TeardownMaxAttempts=3)").hasSize(4);
        assertThat(run.enteredStates()).doesNotContain("TeardownStages");
    }

    @Test
    void stageThatNeverFinishes_failsAfterTeardownMaxAttempts_withTheStageAndWhatBlocksIt() {
        List<Object> answers = new ArrayList<>(List.of(BootstrapClusterExecutionTest.SPEC, CONFIRMED,
                StepResult.done("registerCluster", "DELETING", StepResult.UPDATED, "status DELETING", Map.of()),
                StepResult.done("teardownKubernetes", null, StepResult.DELETED, "nothing left", Map.of()),
                deleted("teardownStep", "interruption-queue"), deleted("teardownStep", "access-entries")));
        for (int i = 0; i < 4; i++) answers.add(waiting("teardownStep", "addons", "add-ons still deleting: [coredns]"));
        answers.add(unchanged("recordFailure", null));
        sfn.queueLambdaResults(answers);

        Execution run = sfn.run(machine, "teardown-stage-stuck", BootstrapClusterExecutionTest.RAW_SPEC);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.TeardownTimedOut");
        assertThat(run.description().cause()).isEqualTo("teardownStep addons still not done after 3 checks; last: add-ons still deleting: [coredns]");
        assertThat(run.invocations().stream().map(Invocation::target)).doesNotContain("fargate-profile:kube-system");
    }
}
