package dev.nodeless.it;

import static dev.nodeless.it.support.Steps.active;
import static dev.nodeless.it.support.Steps.created;
import static dev.nodeless.it.support.Steps.failed;
import static dev.nodeless.it.support.Steps.unchanged;
import static dev.nodeless.it.support.Steps.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.it.support.Asl;
import dev.nodeless.it.support.StepFunctionsInMoto;
import dev.nodeless.it.support.StepFunctionsInMoto.Execution;
import dev.nodeless.it.support.StepFunctionsInMoto.Invocation;
import dev.nodeless.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The version loop of bootstrap-cluster.asl.json in moto's Step Functions interpreter: a re-run with a
 * kubernetesVersion two minors up moves the live cluster 1.32 -> 1.33 -> 1.34 in one execution; a blocking upgrade
 * insight and a downgrade stop it. As in {@link BootstrapClusterExecutionTest}, moto cannot run the Quarkus handlers,
 * so their answers (shaped as ClusterUpgradeTest shows the real steps answer) are the input and the routing, loop and
 * data flow are under test.
 */
class UpgradeClusterExecutionTest {

    static final Map<String, Object> RAW_SPEC = Map.of("clusterName", "demo", "region", "eu-west-1", "kubernetesVersion", "1.34");
    static final Map<String, Object> SPEC = Map.of("clusterName", "demo", "region", "eu-west-1", "kubernetesVersion", "1.34",
            "network", Map.of("create", Map.of("cidr", "10.42.0.0/16", "azCount", 3)));
    static final Set<String> VERSION_STEPS = Set.of("PreflightUpgrade", "UpgradeControlPlane", "UpgradeAddons", "RestartFargatePods");

    private final StepFunctionsInMoto sfn = new StepFunctionsInMoto(MotoServer.get());
    private String machine;

    @BeforeEach
    void createStateMachine() {
        sfn.reset();
        machine = sfn.create(Asl.load("bootstrap-cluster"));
    }

    @Test
    void twoMinorsUp_isTwoTurnsOfTheVersionLoop_inOneExecution() {
        List<Object> answers = new ArrayList<>(List.of(SPEC, plan("1.32", "1.33"), created("registerCluster", "BOOTSTRAPPING", Map.of())));
        answers.addAll(BootstrapClusterExecutionTest.foundation());
        answers.add(active("ensureCluster", null, Map.of("version", "1.32")));
        answers.addAll(versionStep("1.32", "1.33", 2));
        answers.addAll(versionStep("1.33", "1.34", 1));
        answers.add(plan("1.34", ""));
        answers.add(unchanged("ensureOidcProvider", null));
        answers.addAll(BootstrapClusterExecutionTest.afterOidc());
        sfn.queueLambdaResults(answers);

        Execution run = sfn.run(machine, "upgrade-two-minors", RAW_SPEC);

        assertThat(run.status()).as("history: %s", run.enteredStates()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.enteredStates()).containsSubsequence("PlanUpgrade", "RegisterClusterBootstrapping", "EnsureCluster",
                "NextKubernetesVersion", "PreflightUpgrade", "UpgradeControlPlane", "WaitBeforeUpgradeControlPlane", "UpgradeControlPlane",
                "WaitBeforeUpgradeControlPlane", "UpgradeControlPlane", "UpgradeAddons", "WaitBeforeUpgradeAddons", "UpgradeAddons",
                "RestartFargatePods", "NextKubernetesVersion", "PreflightUpgrade", "UpgradeControlPlane", "WaitBeforeUpgradeControlPlane",
                "UpgradeControlPlane", "UpgradeAddons", "WaitBeforeUpgradeAddons", "UpgradeAddons", "RestartFargatePods",
                "NextKubernetesVersion", "NextKubernetesVersionChoice", "EnsureOidcProvider", "ApplyKubernetes", "Bootstrapped");
        // Each version step is called with its version as the target: the history names every version.
        List<Invocation> steps = run.invocations().stream().filter(c -> VERSION_STEPS.contains(c.function())).toList();
        assertThat(steps.stream().map(c -> tuple(c.function(), c.target())).distinct().toList()).containsExactly(
                tuple("PreflightUpgrade", "1.33"), tuple("UpgradeControlPlane", "1.33"), tuple("UpgradeAddons", "1.33"),
                tuple("RestartFargatePods", "1.33"), tuple("PreflightUpgrade", "1.34"), tuple("UpgradeControlPlane", "1.34"),
                tuple("UpgradeAddons", "1.34"), tuple("RestartFargatePods", "1.34"));
        // The poll after the start sees the update id the start reported (upgradeControlPlane joins its own update).
        Invocation poll = run.invocations().stream().filter(c -> c.function().equals("UpgradeControlPlane")).skip(1).findFirst().orElseThrow();
        assertThat(poll.payload().at("/outputs/upgradeControlPlane/details/updateId").asText()).isEqualTo("update-1.33");
        assertThat(run.invocations().stream().filter(c -> c.function().equals("PlanUpgrade"))).hasSize(4);
    }

    @Test
    void aBlockingInsight_stopsBeforeTheControlPlaneMoves_withTheFindingsText() {
        String finding = "EKS upgrade insights block the move to 1.33: Deprecated APIs removed in Kubernetes v1.33: Deprecated API usage "
                + "detected within last 30 days. Recommendation: Update manifests and clients to use newer APIs.";
        List<Object> answers = new ArrayList<>(List.of(SPEC, plan("1.32", "1.33"), created("registerCluster", "BOOTSTRAPPING", Map.of())));
        answers.addAll(BootstrapClusterExecutionTest.foundation());
        answers.addAll(List.of(active("ensureCluster", null, Map.of("version", "1.32")), plan("1.32", "1.33"),
                failed("preflightUpgrade", "1.33", finding), unchanged("recordFailure", null)));
        sfn.queueLambdaResults(answers);

        Execution run = sfn.run(machine, "upgrade-insight-blocks", RAW_SPEC);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.StepFailed");
        assertThat(run.description().cause()).isEqualTo("preflightUpgrade 1.33 failed: " + finding);
        assertThat(run.enteredStates()).containsSubsequence("PreflightUpgrade", "PreflightUpgradeDone", "PreflightUpgradeFailed", "RecordFailure", "Failed");
        assertThat(run.invocations().stream().map(Invocation::function)).doesNotContain("UpgradeControlPlane", "EnsureOidcProvider");
    }

    @Test
    void aDowngrade_failsBeforeAnythingChanges() {
        String why = "the cluster runs Kubernetes 1.34 and the spec asks 1.32: EKS cannot downgrade a control plane; keep kubernetesVersion "
                + "at 1.34 or higher, or create a new cluster at 1.32";
        sfn.queueLambdaResults(List.of(SPEC, failed("planUpgrade", null, why), unchanged("recordFailure", null)));

        Execution run = sfn.run(machine, "upgrade-downgrade-refused", RAW_SPEC);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().cause()).isEqualTo("planUpgrade failed: " + why);
        assertThat(run.invocations().stream().map(Invocation::function)).containsExactly("ValidateSpec", "PlanUpgrade", "RecordFailure");
    }

    /** planUpgrade's answer: the cluster at {@code current}, {@code next} the next step ("" when at the target). */
    static StepResult plan(String current, String next) {
        return StepResult.done("planUpgrade", null, next.isEmpty() ? StepResult.UNCHANGED : "PLANNED",
                next.isEmpty() ? "the control plane is at " + current : "upgrade " + current + " -> ...; next " + next,
                Map.of("current", current, "target", "1.34", "next", next, "path", next));
    }

    /** One turn of the loop: plan, preflight, the update polled {@code polls} times, add-ons once waiting, Fargate restart. */
    static List<StepResult> versionStep(String from, String to, int polls) {
        List<StepResult> out = new ArrayList<>(List.of(plan(from, to),
                active("preflightUpgrade", to, Map.of("version", to, "insights", "3", "warnings", "0"))));
        out.add(new StepResult("upgradeControlPlane", to, StepResult.IN_PROGRESS, false, "started update update-" + to,
                Map.of("version", to, "updateId", "update-" + to, "updateStatus", "InProgress")));
        for (int i = 1; i < polls; i++) out.add(waiting("upgradeControlPlane", to, "update update-" + to + " is InProgress"));
        out.add(StepResult.done("upgradeControlPlane", to, StepResult.UPDATED, "the control plane is at " + to, Map.of("version", to)));
        out.add(waiting("upgradeAddons", to, "updating [coredns]"));
        out.add(active("upgradeAddons", to, Map.of("version", to)));
        out.add(active("restartFargatePods", to, Map.of("version", to)));
        return out;
    }
}
