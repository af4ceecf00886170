package dev.nodeless.it;

import static dev.nodeless.it.support.Steps.active;
import static dev.nodeless.it.support.Steps.created;
import static dev.nodeless.it.support.Steps.failed;
import static dev.nodeless.it.support.Steps.unchanged;
import static dev.nodeless.it.support.Steps.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.it.support.Asl;
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

/**
 * Runs bootstrap-cluster.asl.json in moto's Step Functions interpreter with scripted handler answers (moto has
 * no EKS add-ons or access entries, and its Lambda cannot run our Quarkus zips, so the handlers' answers are the
 * test's input; the state machine's routing, loops and data flow are what is under test). Waits are 1 s here.
 */
class BootstrapClusterExecutionTest {

    static final Map<String, Object> RAW_SPEC = Map.of("clusterName", "demo", "region", "eu-west-1");
    static final Map<String, Object> SPEC = Map.of("clusterName", "demo", "region", "eu-west-1", "kubernetesVersion", "1.33",
            "network", Map.of("create", Map.of("cidr", "10.42.0.0/16", "azCount", 3)));

    private final StepFunctionsInMoto sfn = new StepFunctionsInMoto(MotoServer.get());
    private String machine;

    @BeforeEach
    void createStateMachine() {
        sfn.reset();
        machine = sfn.create(Asl.load("bootstrap-cluster"));
    }

    @Test
    void happyPath_waitsForTheClusterRunsEveryStepInOrderWithTheValidatedSpecAndOutputsEndpoints() {
        List<Object> answers = new ArrayList<>(List.of(SPEC, noUpgrade(), created("registerCluster", "BOOTSTRAPPING", Map.of())));
        answers.addAll(foundation());
        answers.addAll(List.of(
                new StepResult("ensureCluster", null, StepResult.CREATED, false, "CreateCluster demo sent", Map.of()),
                waiting("ensureCluster", null, "cluster demo is CREATING"),
                active("ensureCluster", null, Map.of("endpoint", "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
                        "oidcIssuer", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "version", "1.33")),
                noUpgrade(),
                created("ensureOidcProvider", null, Map.of("arn", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"))));
        answers.addAll(afterOidc());
        sfn.queueLambdaResults(answers);

        Execution run = sfn.run(machine, "bootstrap-happy", RAW_SPEC);

        assertThat(run.status()).as("history: %s", run.enteredStates()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = run.output();
        assertThat(out.path("clusterName").asText()).isEqualTo("demo");
        assertThat(out.path("endpoint").asText()).isEqualTo("https://ABC.gr7.eu-west-1.eks.amazonaws.com");
        assertThat(out.path("kubeOpsViewUrl").asText()).isEqualTo("http://k8s-kubeops-abc.elb.eu-west-1.amazonaws.com");
        List<String> created = StreamSupport.stream(out.path("created").spliterator(), false)
                .map(r -> r.path("step").asText() + (r.path("target").isNull() ? "" : ":" + r.path("target").asText())).toList();
        // The first four ran in parallel; moto's FIFO hands answers to parallel branches in any order.
        assertThat(created.subList(0, 4)).containsExactlyInAnyOrder("ensureIamRole:cluster", "ensureIamRole:fargate",
                "ensureIamRole:node", "ensureNetwork");
        assertThat(created.subList(4, created.size())).containsExactly("ensureCluster", "ensureOidcProvider",
                "ensureIrsaRole:karpenter", "ensureIrsaRole:load-balancer-controller", "ensureIrsaRole:external-dns", "ensureIrsaRole:ebs-csi-driver",
                "ensureFargateProfile:karpenter", "ensureFargateProfile:kube-system", "ensureAddon:vpc-cni",
                "ensureAddon:kube-proxy", "ensureAddon:coredns", "ensureAddon:metrics-server", "ensureAddon:aws-ebs-csi-driver",
                "ensureAccessEntries", "ensureInterruptionQueue", "applyKubernetes");
        assertThat(out.path("created").get(4).path("status").asText()).isEqualTo(StepResult.ACTIVE);

        assertThat(run.enteredStates()).containsSubsequence("ValidateSpec", "PlanUpgrade", "RegisterClusterBootstrapping", "IamRolesAndNetwork",
                "EnsureCluster", "WaitBeforeEnsureCluster", "EnsureCluster", "WaitBeforeEnsureCluster", "EnsureCluster",
                "NextKubernetesVersion", "NextKubernetesVersionChoice", "EnsureOidcProvider", "EnsureIrsaRoles", "EnsureFargateProfiles", "EnsureAddons", "EnsureAccessEntries",
                "EnsureInterruptionQueue", "ApplyKubernetes", "VerifyCluster", "CountVerifyAttempt", "WaitBeforeVerifyCluster",
                "VerifyCluster", "RegisterClusterActive", "BuildOutput", "Bootstrapped");
        assertThat(run.enteredStates()).doesNotContain("RecordFailure", "Failed");
        assertThat(run.enteredStates().stream().filter("EnsureCluster"::equals)).hasSize(3);

        // Data flow: ValidateSpec's output becomes $.spec; targets and earlier outputs reach each handler.
        List<Invocation> calls = run.invocations();
        assertThat(calls.get(0).function()).isEqualTo("ValidateSpec");
        assertThat(calls.get(0).payload().path("clusterName").asText()).as("ValidateSpec gets the raw spec").isEqualTo("demo");
        assertThat(calls.get(0).payload().has("kubernetesVersion")).isFalse();
        for (Invocation call : calls.subList(1, calls.size())) {
            assertThat(call.payload().at("/spec/kubernetesVersion").asText()).as("%s gets the validated spec", call.function()).isEqualTo("1.33");
        }
        assertThat(calls.get(1).function()).as("the version plan comes before any change").isEqualTo("PlanUpgrade");
        assertThat(calls.stream().skip(7).map(c -> tuple(c.function(), c.target())).toList()).containsExactly(
                tuple("EnsureCluster", null), tuple("EnsureCluster", null), tuple("EnsureCluster", null), tuple("PlanUpgrade", null),
                tuple("EnsureOidcProvider", null),
                tuple("EnsureIrsaRole", "karpenter"), tuple("EnsureIrsaRole", "load-balancer-controller"), tuple("EnsureIrsaRole", "external-dns"),
                tuple("EnsureIrsaRole", "ebs-csi-driver"),
                tuple("EnsureFargateProfile", "karpenter"), tuple("EnsureFargateProfile", "kube-system"),
                tuple("EnsureAddon", "vpc-cni"), tuple("EnsureAddon", "kube-proxy"), tuple("EnsureAddon", "coredns"),
                tuple("EnsureAddon", "metrics-server"), tuple("EnsureAddon", "aws-ebs-csi-driver"),
                tuple("EnsureAccessEntries", null), tuple("EnsureInterruptionQueue", null), tuple("ApplyKubernetes", null),
                tuple("VerifyCluster", null), tuple("VerifyCluster", null), tuple("RegisterCluster", "ACTIVE"));
        assertThat(calls.get(2).target()).isEqualTo("BOOTSTRAPPING");
        JsonNode applyInput = calls.stream().filter(c -> c.function().equals("ApplyKubernetes")).findFirst().orElseThrow().payload();
        assertThat(applyInput.at("/outputs/ensureCluster/details/endpoint").asText()).isEqualTo("https://ABC.gr7.eu-west-1.eks.amazonaws.com");
        assertThat(applyInput.at("/outputs/ensureIrsaRole/loadBalancerController/target").asText()).isEqualTo("load-balancer-controller");
        assertThat(applyInput.at("/outputs/ensureFargateProfile/kubeSystem/status").asText()).isEqualTo(StepResult.ACTIVE);
        assertThat(applyInput.at("/outputs/ensureNetwork/step").asText()).as("parallel results merged into outputs").isNotEmpty();
        assertThat(applyInput.at("/outputs/registerCluster/target").asText()).isEqualTo("BOOTSTRAPPING");
    }

    @Test
    void clusterFailed_recordsTheFailureAndFailsWithTheHandlersReason() {
        List<Object> answers = new ArrayList<>(List.of(SPEC, noUpgrade(), created("registerCluster", "BOOTSTRAPPING", Map.of())));
        answers.addAll(foundation());
        answers.addAll(List.of(
                waiting("ensureCluster", null, "cluster demo is CREATING"),
                failed("ensureCluster", null, "cluster demo is FAILED: subnets are in one availability zone"),
                unchanged("recordFailure", null)));
        sfn.queueLambdaResults(answers);

        Execution run = sfn.run(machine, "bootstrap-cluster-failed", RAW_SPEC);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.StepFailed");
        assertThat(run.description().cause()).isEqualTo("ensureCluster failed: cluster demo is FAILED: subnets are in one availability zone");
        assertThat(run.enteredStates()).containsSubsequence("EnsureCluster", "EnsureClusterDone", "EnsureClusterFailed", "RecordFailure", "Failed");
        assertThat(run.enteredStates()).doesNotContain("EnsureOidcProvider");
        Invocation record = run.invocations().get(run.invocations().size() - 1);
        assertThat(record.function()).isEqualTo("RecordFailure");
        assertThat(record.payload().at("/spec/clusterName").asText()).isEqualTo("demo");
        assertThat(record.payload().at("/error/Cause").asText()).isEqualTo(run.description().cause());
    }

    @Test
    void addonFailedInsideTheMap_failsTheExecutionWithTheAddonsNameInTheCause() {
        List<Object> answers = new ArrayList<>(List.of(SPEC, noUpgrade(), created("registerCluster", "BOOTSTRAPPING", Map.of())));
        answers.addAll(foundation());
        answers.addAll(List.of(active("ensureCluster", null, Map.of()), noUpgrade(), unchanged("ensureOidcProvider", null),
                unchanged("ensureIrsaRole", "karpenter"), unchanged("ensureIrsaRole", "load-balancer-controller"),
                unchanged("ensureIrsaRole", "external-dns"), unchanged("ensureIrsaRole", "ebs-csi-driver"), active("ensureFargateProfile", "karpenter", Map.of()),
                active("ensureFargateProfile", "kube-system", Map.of()), active("ensureAddon", "vpc-cni", Map.of()),
                failed("ensureAddon", "kube-proxy", "add-on kube-proxy is DEGRADED: version not supported"),
                unchanged("recordFailure", null)));
        sfn.queueLambdaResults(answers);

        Execution run = sfn.run(machine, "bootstrap-addon-failed", RAW_SPEC);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.StepFailed");
        assertThat(run.description().cause()).isEqualTo("ensureAddon kube-proxy failed: add-on kube-proxy is DEGRADED: version not supported");
        assertThat(run.enteredStates()).containsSubsequence("EnsureAddons", "EnsureAddonFailed", "RecordFailure", "Failed");
        assertThat(run.invocations().stream().map(Invocation::function)).doesNotContain("EnsureAccessEntries");
    }

    @Test
    void clusterNeverHealthy_failsAfterTheConfiguredNumberOfChecks() {
        List<Object> answers = new ArrayList<>(List.of(SPEC, noUpgrade(), created("registerCluster", "BOOTSTRAPPING", Map.of())));
        answers.addAll(foundation());
        answers.addAll(List.of(active("ensureCluster", null, Map.of()), noUpgrade(), unchanged("ensureOidcProvider", null)));
        answers.addAll(afterOidc().subList(0, 14)); // up to applyKubernetes
        for (int i = 0; i < 4; i++) answers.add(waiting("verifyCluster", null, "coredns has 0/2 Ready pods"));
        answers.add(unchanged("recordFailure", null));
        sfn.queueLambdaResults(answers);

        Execution run = sfn.run(machine, "bootstrap-never-healthy", RAW_SPEC);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.VerifyTimedOut");
        assertThat(run.description().cause()).isEqualTo("cluster demo not healthy after 3 checks; last: coredns has 0/2 Ready pods");
        assertThat(run.enteredStates().stream().filter("VerifyCluster"::equals)).as("3 waits, 4 checks (VerifyMaxAttempts=3)").hasSize(4);
        assertThat(run.enteredStates()).doesNotContain("RegisterClusterActive");
    }

    /** planUpgrade's answer for a cluster at the spec's version (or not created yet): no version step. */
    static StepResult noUpgrade() {
        return StepResult.done("planUpgrade", null, StepResult.UNCHANGED, "the control plane is at 1.33",
                Map.of("current", "1.33", "target", "1.33", "next", "", "path", ""));
    }

    /** Answers of the parallel IAM roles and network step (order inside the Parallel is moto's choice). */
    static List<StepResult> foundation() {
        return List.of(
                created("ensureIamRole", "cluster", Map.of("roleArn", "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-cluster")),
                created("ensureIamRole", "fargate", Map.of("roleArn", "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-fargate")),
                created("ensureIamRole", "node", Map.of("roleArn", "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-node")),
                created("ensureNetwork", null, Map.of("vpcId", "vpc-0abc", "privateSubnetIds", "subnet-1,subnet-2,subnet-3")));
    }

    /** Answers from the IRSA roles to RegisterCluster(ACTIVE), with one Fargate and one verify loop. */
    static List<StepResult> afterOidc() {
        return List.of(
                created("ensureIrsaRole", "karpenter", Map.of("roleArn", "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-karpenter")),
                created("ensureIrsaRole", "load-balancer-controller", Map.of("roleArn", "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-lbc")),
                created("ensureIrsaRole", "external-dns", Map.of("roleArn", "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-dns")),
                created("ensureIrsaRole", "ebs-csi-driver", Map.of("roleArn", "arn:aws:iam::123456789012:role/nodeless/nodeless-demo-ebs-csi")),
                active("ensureFargateProfile", "karpenter", Map.of()),
                active("ensureFargateProfile", "kube-system", Map.of()),
                active("ensureAddon", "vpc-cni", Map.of("version", "v1.20.0-eksbuild.1")),
                active("ensureAddon", "kube-proxy", Map.of("version", "v1.33.0-eksbuild.2")),
                active("ensureAddon", "coredns", Map.of("version", "v1.12.1-eksbuild.2")),
                active("ensureAddon", "metrics-server", Map.of("version", "v0.8.0-eksbuild.1")),
                active("ensureAddon", "aws-ebs-csi-driver", Map.of("version", "v1.48.0-eksbuild.1")),
                created("ensureAccessEntries", null, Map.of()),
                created("ensureInterruptionQueue", null, Map.of("queueName", "nodeless_demo")),
                created("applyKubernetes", null, Map.of("applied", "42")),
                waiting("verifyCluster", null, "karpenter has 0/2 Ready pods"),
                active("verifyCluster", null, Map.of("endpoint", "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
                        "kubeOpsViewUrl", "http://k8s-kubeops-abc.elb.eu-west-1.amazonaws.com")),
                StepResult.done("registerCluster", "ACTIVE", StepResult.UPDATED, "status ACTIVE", Map.of()));
    }
}
