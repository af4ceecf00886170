package dev.nodeless.it;

import static dev.nodeless.it.support.Steps.active;
import static dev.nodeless.it.support.Steps.failed;
import static dev.nodeless.it.support.Steps.unchanged;
import static dev.nodeless.it.support.Steps.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.it.support.Asl;
import dev.nodeless.it.support.StepFunctionsInMoto;
import dev.nodeless.it.support.StepFunctionsInMoto.Execution;
import dev.nodeless.it.support.StepFunctionsInMoto.Invocation;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.spec.Specs;
import dev.nodeless.testing.MotoServer;
import dev.nodeless.update.UpdatePlan;
import dev.nodeless.update.UpdatePlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Runs update-cluster.asl.json in moto's Step Functions interpreter. planUpdate's scripted answer is what the real
 * {@link UpdatePlanner} returns for the patch (so the contract between the two is the real one); the other handlers'
 * answers are scripted as in BootstrapClusterExecutionTest (moto cannot run our Quarkus zips). Under test: only the
 * affected steps run, with the merged spec, in the bootstrap's order; dry runs and refusals write nothing.
 */
class UpdateClusterExecutionTest {

    private static final ObjectMapper M = new ObjectMapper();
    static final String ADMIN = SpecFixtures.ADMIN;
    static final String ONCALL = "arn:aws:iam::123456789012:role/oncall";

    private final StepFunctionsInMoto sfn = new StepFunctionsInMoto(MotoServer.get());
    private String machine;

    @BeforeEach
    void createStateMachine() {
        sfn.reset();
        machine = sfn.create(Asl.load("update-cluster"));
    }

    static ClusterSpec registered() {
        var raw = SpecFixtures.minimal();
        raw.withArray("admins").add(ONCALL);
        return Specs.normalise(raw);
    }

    static Map<String, Object> input(String patch, boolean dryRun) throws Exception {
        return Map.of("clusterName", "demo", "patch", M.readTree(patch), "dryRun", dryRun);
    }

    static UpdatePlan plan(String patch, boolean dryRun) throws Exception {
        return UpdatePlanner.plan(registered(), M.readTree(patch), dryRun);
    }

    /** registerCluster's answer when it moved the ACTIVE record to UPDATING, with the hash of the spec it kept (the planned one). */
    static StepResult updating(String patch) throws Exception {
        return StepResult.done("registerCluster", "UPDATING", StepResult.UPDATED, "status ACTIVE -> UPDATING",
                Map.of("clusterName", "demo", "status", "UPDATING", "specHash", plan(patch, false).baseSpecHash()));
    }

    static StepResult registered(String target) {
        return StepResult.done("registerCluster", target, StepResult.UPDATED, "status -> " + target, Map.of());
    }

    private static List<Object> tuples(Execution run) {
        return run.invocations().stream().map(c -> (Object) tuple(c.function(), c.target())).toList();
    }

    @Test
    void bufferPodAndANewAdmin_runOnlyAccessEntriesAndTheKubernetesPhase_withTheMergedSpec() throws Exception {
        String patch = "{\"buffer\":{\"pod\":{\"cpu\":\"2\"}},\"admins\":[\"" + ADMIN + "\",\"" + ONCALL + "\",\"arn:aws:iam::123456789012:user/sam\"]}";
        List<Object> answers = new ArrayList<>(List.of(plan(patch, false), updating(patch),
                waiting("ensureAccessEntries", null, "EKS is busy with the cluster"), StepResult.done("ensureAccessEntries", null,
                        StepResult.UPDATED, "1 entry created", Map.of()),
                StepResult.done("applyKubernetes", null, StepResult.UPDATED, "1 object changed", Map.of("applied", "68")),
                active("verifyCluster", null, Map.of("endpoint", "https://ABC.gr7.eu-west-1.eks.amazonaws.com")), registered("ACTIVE")));
        sfn.queueLambdaResults(answers);

        Execution run = sfn.run(machine, "update-admin-and-pod", input(patch, false));

        assertThat(run.status()).as("history: %s", run.enteredStates()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(tuples(run)).containsExactly(tuple("PlanUpdate", null), tuple("RegisterCluster", "BOOTSTRAPPING"),
                tuple("EnsureAccessEntries", null), tuple("EnsureAccessEntries", null), tuple("ApplyKubernetes", null),
                tuple("VerifyCluster", null), tuple("RegisterCluster", "ACTIVE"));
        assertThat(run.enteredStates()).doesNotContain("EnsureIamRoles", "EnsureNetwork", "EnsureCluster", "EnsureIrsaRoles", "RecordFailure")
                .containsSubsequence("ShouldEnsureAccessEntries", "EnsureAccessEntries", "WaitBeforeEnsureAccessEntries", "EnsureAccessEntries");
        Invocation planCall = run.invocations().get(0);
        assertThat(planCall.payload().path("clusterName").asText()).isEqualTo("demo");
        assertThat(planCall.payload().at("/patch/buffer/pod/cpu").asText()).as("the patch reaches planUpdate as given").isEqualTo("2");
        for (Invocation call : run.invocations().subList(1, run.invocations().size())) {
            assertThat(call.payload().at("/spec/buffer/pod/cpu").asText()).as("%s gets the merged spec", call.function()).isEqualTo("2");
            assertThat(call.payload().at("/spec/admins")).as(call.function()).hasSize(3);
        }
        JsonNode out = run.output();
        assertThat(out.path("status").asText()).isEqualTo("UPDATED");
        assertThat(out.path("changes")).extracting(c -> c.path("path").asText()).containsExactly("$.admins", "$.buffer.pod.cpu");
        assertThat(out.at("/changes/1/before").asText()).isEqualTo("1");
        assertThat(out.at("/changes/1/after").asText()).isEqualTo("2");
        assertThat(out.path("steps")).extracting(JsonNode::asText).containsExactly("ensureAccessEntries", "applyKubernetes", "verifyCluster");
        assertThat(out.at("/results/applyKubernetes/details/applied").asText()).isEqualTo("68");
        assertThat(out.path("accessRemovals")).isEmpty();
    }

    @Test
    void registryOnlyChange_runsNoClusterStep_onlyTheTwoRegistryWrites() throws Exception {
        sfn.queueLambdaResults(List.of(plan("{\"buffer\":{\"maxReplicas\":40}}", false), updating("{\"buffer\":{\"maxReplicas\":40}}"), registered("ACTIVE")));

        Execution run = sfn.run(machine, "update-registry-only", input("{\"buffer\":{\"maxReplicas\":40}}", false));

        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(tuples(run)).containsExactly(tuple("PlanUpdate", null), tuple("RegisterCluster", "BOOTSTRAPPING"), tuple("RegisterCluster", "ACTIVE"));
        assertThat(run.invocations().get(2).payload().at("/spec/buffer/maxReplicas").asInt()).as("ACTIVE with the new spec").isEqualTo(40);
        assertThat(run.output().at("/changes/0/path").asText()).isEqualTo("$.buffer.maxReplicas");
        assertThat(run.output().path("steps")).isEmpty();
    }

    @Test
    void tags_reachEveryStepThatConvergesThem_inTheBootstrapsOrder() throws Exception {
        String patch = "{\"tags\":{\"team\":\"platform\"}}";
        sfn.queueLambdaResults(List.of(plan(patch, false), updating(patch),
                unchanged("ensureIamRole", "cluster"), unchanged("ensureIamRole", "fargate"), unchanged("ensureIamRole", "node"),
                unchanged("ensureNetwork", null), active("ensureCluster", null, Map.of()),
                unchanged("ensureIrsaRole", "karpenter"), unchanged("ensureIrsaRole", "load-balancer-controller"),
                unchanged("ensureIrsaRole", "external-dns"), unchanged("ensureIrsaRole", "ebs-csi-driver"), unchanged("applyKubernetes", null), active("verifyCluster", null, Map.of()),
                registered("ACTIVE")));

        Execution run = sfn.run(machine, "update-tags", input(patch, false));

        assertThat(run.status()).as("history: %s", run.enteredStates()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(tuples(run)).containsExactly(tuple("PlanUpdate", null), tuple("RegisterCluster", "BOOTSTRAPPING"),
                tuple("EnsureIamRole", "cluster"), tuple("EnsureIamRole", "fargate"), tuple("EnsureIamRole", "node"),
                tuple("EnsureNetwork", null), tuple("EnsureCluster", null), tuple("EnsureIrsaRole", "karpenter"),
                tuple("EnsureIrsaRole", "load-balancer-controller"), tuple("EnsureIrsaRole", "external-dns"), tuple("EnsureIrsaRole", "ebs-csi-driver"),
                tuple("ApplyKubernetes", null), tuple("VerifyCluster", null), tuple("RegisterCluster", "ACTIVE"));
        assertThat(run.output().at("/results/ensureIamRole/node/target").asText()).isEqualTo("node");
        assertThat(run.output().at("/results/ensureIrsaRole/externalDns/target").asText()).isEqualTo("external-dns");
        assertThat(run.output().at("/results/ensureIrsaRole/ebsCsiDriver/target").asText()).isEqualTo("ebs-csi-driver");
        assertThat(run.enteredStates()).doesNotContain("EnsureAccessEntries");
    }

    @Test
    void confirmedAdminRemoval_isListedInTheOutput_besideWhatTheAccessStepRemoved() throws Exception {
        String patch = "{\"admins\":[\"" + ADMIN + "\"],\"confirmAccessRemoval\":[\"" + ONCALL + "\"]}";
        sfn.queueLambdaResults(List.of(plan(patch, false), updating(patch),
                StepResult.done("ensureAccessEntries", null, StepResult.UPDATED, "removed the confirmed entries of [" + ONCALL + "]",
                        Map.of("removed", ONCALL)), registered("ACTIVE")));

        Execution run = sfn.run(machine, "update-remove-admin", input(patch, false));

        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.output().path("accessRemovals")).extracting(JsonNode::asText).containsExactly(ONCALL);
        assertThat(run.output().at("/results/ensureAccessEntries/details/removed").asText()).isEqualTo(ONCALL);
        assertThat(run.invocations().get(2).payload().at("/spec/confirmAccessRemoval/0").asText()).isEqualTo(ONCALL);
    }

    @Test
    void dryRun_returnsTheDiffAndSteps_andCallsNothingButThePlan() throws Exception {
        String patch = "{\"karpenter\":{\"cpuLimit\":200}}";
        sfn.queueLambdaResults(List.of(plan(patch, true)));

        Execution run = sfn.run(machine, "update-dry-run", input(patch, true));

        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(tuples(run)).containsExactly(tuple("PlanUpdate", null));
        JsonNode out = run.output();
        assertThat(out.path("dryRun").asBoolean()).isTrue();
        assertThat(out.path("status").asText()).isEqualTo(UpdatePlan.CHANGES);
        assertThat(out.at("/changes/0/path").asText()).isEqualTo("$.karpenter.cpuLimit");
        assertThat(out.at("/changes/0/before").asInt()).isEqualTo(1000);
        assertThat(out.at("/changes/0/after").asInt()).isEqualTo(200);
        assertThat(out.path("steps")).extracting(JsonNode::asText).containsExactly("applyKubernetes", "verifyCluster");
    }

    @Test
    void dryRunOfARefusedPatch_succeedsWithTheReason() throws Exception {
        String patch = "{\"region\":\"us-east-1\"}";
        sfn.queueLambdaResults(List.of(plan(patch, true)));

        Execution run = sfn.run(machine, "update-dry-run-refused", input(patch, true));

        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.output().path("status").asText()).isEqualTo(UpdatePlan.REFUSED);
        assertThat(run.output().path("reason").asText()).startsWith("$.region cannot change: ");
    }

    @Test
    void refusedPatch_failsWithTheReason_beforeAnyRegistryWrite() throws Exception {
        String patch = "{\"network\":{\"create\":{\"cidr\":\"10.9.0.0/16\"}}}";
        sfn.queueLambdaResults(List.of(plan(patch, false)));

        Execution run = sfn.run(machine, "update-refused", input(patch, false));

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.UpdateRefused");
        assertThat(run.description().cause()).startsWith("$.network.create.cidr cannot change: ");
        assertThat(tuples(run)).as("no RegisterCluster, no RecordFailure: the registry stays as it was").containsExactly(tuple("PlanUpdate", null));
    }

    @Test
    void unchangedPatch_succeedsWithoutWriting() throws Exception {
        sfn.queueLambdaResults(List.of(plan("{\"buffer\":{\"maxReplicas\":20}}", false)));

        Execution run = sfn.run(machine, "update-unchanged", input("{\"buffer\":{\"maxReplicas\":20}}", false));

        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.output().path("status").asText()).isEqualTo(UpdatePlan.UNCHANGED);
        assertThat(tuples(run)).containsExactly(tuple("PlanUpdate", null));
    }

    @Test
    void aFailedStep_isRecorded_andFailsTheExecutionWithItsReason() throws Exception {
        String patch = "{\"karpenter\":{\"cpuLimit\":200}}";
        sfn.queueLambdaResults(List.of(plan(patch, false), updating(patch),
                failed("applyKubernetes", null, "NodePool default rejected: limits.cpu"), unchanged("recordFailure", null)));

        Execution run = sfn.run(machine, "update-apply-failed", input(patch, false));

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.StepFailed");
        assertThat(run.description().cause()).isEqualTo("applyKubernetes failed: NodePool default rejected: limits.cpu");
        assertThat(tuples(run)).containsExactly(tuple("PlanUpdate", null), tuple("RegisterCluster", "BOOTSTRAPPING"),
                tuple("ApplyKubernetes", null), tuple("RecordFailure", null));
        Invocation record = run.invocations().get(3);
        assertThat(record.payload().at("/spec/clusterName").asText()).isEqualTo("demo");
        assertThat(record.payload().at("/error/Cause").asText()).isEqualTo(run.description().cause());
    }

    /** moto's interpreter fails a second StartExecution after a finished one in the same reset (a deepcopy error), so one run per test. */
    @Test
    void registryChangedSincePlanning_stopsBeforeAnyStep_andRecordsTheFailure() throws Exception {
        conflict(StepResult.done("registerCluster", "UPDATING", StepResult.UPDATED, "status ACTIVE -> UPDATING",
                Map.of("clusterName", "demo", "status", "UPDATING", "specHash", "0123abcd")));
    }

    @Test
    void anotherRunAlreadyChangingTheCluster_stopsBeforeAnyStep_andRecordsTheFailure() throws Exception {
        conflict(StepResult.done("registerCluster", "UPDATING", StepResult.UNCHANGED, "registry already says UPDATING",
                Map.of("clusterName", "demo", "status", "UPDATING", "specHash", plan("{\"karpenter\":{\"cpuLimit\":200}}", false).baseSpecHash())));
    }

    private void conflict(StepResult registerAnswer) throws Exception {
        String patch = "{\"karpenter\":{\"cpuLimit\":200}}";
        sfn.queueLambdaResults(List.of(plan(patch, false), registerAnswer, unchanged("recordFailure", null)));

        Execution run = sfn.run(machine, "update-conflict", input(patch, false));

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.UpdateConflict");
        assertThat(run.description().cause()).startsWith("cluster demo changed in the registry after the update was planned or another run is changing it")
                .contains(registerAnswer.status() + " UPDATING with spec " + registerAnswer.details().get("specHash"));
        assertThat(tuples(run)).containsExactly(tuple("PlanUpdate", null), tuple("RegisterCluster", "BOOTSTRAPPING"), tuple("RecordFailure", null));
    }
}
