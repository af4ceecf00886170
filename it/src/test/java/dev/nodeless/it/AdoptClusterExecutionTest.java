package dev.nodeless.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.Registration;
import dev.nodeless.it.support.Asl;
import dev.nodeless.it.support.StepFunctionsInMoto;
import dev.nodeless.it.support.StepFunctionsInMoto.Execution;
import dev.nodeless.it.support.StepFunctionsInMoto.Invocation;
import dev.nodeless.testing.AdoptionWorld;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * statemachine/adopt-cluster.asl.json executed by moto's Step Functions interpreter. moto's Lambda answers from a FIFO
 * of scripted results (it never runs our functions), so each answer is first computed by the production code the two
 * functions wrap ({@link dev.nodeless.adopt.Adoption}, {@link dev.nodeless.kube.adopt.AdoptionKubernetes}), in the
 * workflow's order, against moto (EKS, DynamoDB) and the Kubernetes emulator with Karpenter's real CRDs
 * ({@link AdoptionWorld}; access entries through its in-memory stub, since moto has no access-entry API), then queued.
 * The execution then proves the routing (adopt or release, refusal to the Fail state, uninstall skipped when nothing
 * can be reached) and what each invocation receives. Retry/Catch wiring is checked on the definition
 * (StateMachineDefinitionsTest), since moto's Lambda never throws.
 */
class AdoptClusterExecutionTest {

    static final Map<String, Object> ADOPT = Map.of("clusterName", "payments", "grantAccess", true, "buffer", Map.of("baselineReplicas", 3));
    static final String IMAGE = "public.ecr.aws/karpenter/controller:1.14.1";

    final Clock clock = Clock.fixed(Instant.parse("2026-12-04T09:00:00Z"), ZoneOffset.UTC);
    AdoptionWorld world;
    StepFunctionsInMoto sfn;
    String machine;

    @BeforeEach
    void foreignCluster() {
        world = new AdoptionWorld(clock); // resets moto and makes the registry table
        world.moto.enableStepFunctionsExecution();
        world.moto.post("/moto-api/config", "{\"lambda\": {\"use_docker\": false}}");
        sfn = new StepFunctionsInMoto(world.moto);
        machine = sfn.create(Asl.load("adopt-cluster"));
        world.cluster("payments", Map.of("team", "payments"));
        world.karpenter(IMAGE, "CapacityBuffer=false");
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void adopt_checksInstallsAndRecords_passingEachStepTheRequestAndTheEarlierResults() {
        List<StepResult> answers = new ArrayList<>(world.adopt(ADOPT).values());
        sfn.queueLambdaResults(answers);

        Execution run = sfn.run(machine, "adopt-payments", ADOPT);

        assertThat(run.status()).as("history: %s", run.enteredStates()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.enteredStates()).containsSubsequence("ReadInput", "AdoptOrRelease", "Check", "Install", "Record", "Adopted", "Succeeded")
                .doesNotContain("Release", "Failed");
        List<Invocation> calls = run.invocations();
        assertThat(calls.stream().map(c -> c.function() + ":" + c.target()).toList())
                .containsExactly("AdoptCluster:check", "AdoptKubernetes:install", "AdoptCluster:record");
        assertThat(calls).allSatisfy(c -> assertThat(c.payload().path("request").path("clusterName").asText()).isEqualTo("payments"));
        assertThat(calls.get(1).payload().at("/outputs/check/details/autoMode").asText()).as("install learns Auto Mode from check").isEqualTo("false");
        assertThat(calls.get(2).payload().at("/outputs/install/details/karpenterVersion").asText()).isEqualTo("1.14.1");
        JsonNode out = run.output();
        assertThat(out.path("action").asText()).isEqualTo("adopt");
        assertThat(out.at("/record/status").asText()).isEqualTo(StepResult.CREATED);
        assertThat(out.at("/install/details/nodePools").asText()).isEqualTo("default");
        assertThat(world.registry.find("payments").orElseThrow().adopted()).isTrue();
    }

    @Test
    void refusal_failsTheExecutionWithTheStepsReason_afterTheCheckOnly() {
        Map<String, Object> input = Map.of("clusterName", "payments");
        sfn.queueLambdaResults(new ArrayList<>(world.adopt(input).values()));

        Execution run = sfn.run(machine, "adopt-no-access", input);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().error()).isEqualTo("Nodeless.StepFailed");
        assertThat(run.description().cause()).startsWith("adoptCluster check failed: Nodeless's roles cannot reach cluster payments")
                .contains("\"grantAccess\": true");
        assertThat(run.invocations()).hasSize(1);
        assertThat(run.enteredStates()).containsSubsequence("Check", "CheckDone", "CheckFailed", "Failed").doesNotContain("Install");
        assertThat(world.registry.find("payments")).isEmpty();
    }

    @Test
    void release_uninstallsAndFinishes() {
        world.adopt(ADOPT);
        Map<String, Object> input = Map.of("clusterName", "payments", "action", "release");
        sfn.queueLambdaResults(new ArrayList<>(world.release("payments").values()));

        Execution first = sfn.run(machine, "release-payments", input);

        assertThat(first.status()).as("history: %s", first.enteredStates()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(first.invocations().stream().map(c -> c.function() + ":" + c.target()).toList())
                .containsExactly("AdoptCluster:release", "AdoptKubernetes:uninstall", "AdoptCluster:finish");
        assertThat(first.output().at("/finish/status").asText()).isEqualTo(StepResult.DELETED);
        assertThat(world.registry.find("payments")).isEmpty();
    }

    /**
     * A second release (everything already gone, so the adoption role has no entry left): release and finish only,
     * both ABSENT. Its own test: a second release execution started in the same test, after the first, got HTTP 500 from
     * moto 5.2 (its start_execution deep-copies the state machine and failed on a lock, seen in its log), so each test
     * runs one release execution.
     */
    @Test
    void aSecondRelease_skipsUninstall_andFindsNothingLeft() {
        world.adopt(ADOPT);
        world.release("payments");
        sfn.queueLambdaResults(new ArrayList<>(world.release("payments").values()));

        Execution second = sfn.run(machine, "release-payments-again", Map.of("clusterName", "payments", "action", "release"));

        assertThat(second.status()).as("history: %s", second.enteredStates()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(second.enteredStates()).contains("Release", "Finish", "Released").doesNotContain("Uninstall");
        assertThat(second.output().at("/release/status").asText()).isEqualTo(StepResult.ABSENT);
        assertThat(second.output().at("/finish/status").asText()).isEqualTo(StepResult.ABSENT);
    }

    /** teardown-cluster, executed in moto: its first registry step (computed by Registration) refuses an adopted cluster. */
    @Test
    void teardownCluster_refusesAnAdoptedCluster_beforeTeardownKubernetes() {
        world.adopt(ADOPT);
        // even with the deletion confirmed (the deletion-protection check, read-only, runs first and lets it through)
        var base = dev.nodeless.testing.Specs.spec("payments", "pause-pods");
        var spec = dev.nodeless.spec.Specs.normalise(dev.nodeless.spec.Specs.toJson(base).replaceFirst("\\{", "{\"confirmDeletion\": \"payments\", "));
        assertThat(dev.nodeless.aws.eks.DeletionGuard.refusal(spec, null)).isNull();
        StepResult confirmed = StepResult.done("teardownStep", dev.nodeless.aws.eks.DeletionGuard.STAGE, StepResult.UNCHANGED,
                "deletion confirmed by confirmDeletion", Map.of());
        StepResult refused = new Registration(world.registry, clock).register(new StepInput(spec, ClusterRecord.DELETING, Map.of()));
        String teardown = sfn.create(Asl.load("teardown-cluster"));
        sfn.queueLambdaResults(List.of(spec, confirmed, refused, StepResult.done("recordFailure", null, ClusterRecord.FAILED, "recorded", Map.of())));

        Execution run = sfn.run(teardown, "teardown-adopted", spec);

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.description().cause()).contains("adopted for maintenance only");
        assertThat(run.invocations().stream().map(Invocation::function)).doesNotContain("TeardownKubernetes");
        assertThat(run.invocations().stream().filter(i -> i.function().equals("TeardownStep")).map(Invocation::target))
                .as("only the read-only deletion check, no stage").containsExactly(dev.nodeless.aws.eks.DeletionGuard.STAGE);
        assertThat(world.kube.client().apps().deployments().inNamespace("nodeless").withName("pause-pods").get()).isNotNull();
    }
}
