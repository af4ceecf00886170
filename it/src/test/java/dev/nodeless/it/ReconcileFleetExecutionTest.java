package dev.nodeless.it;

import static dev.nodeless.testing.KubeFixtures.nodeClaim;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.it.support.Asl;
import dev.nodeless.it.support.StepFunctionsInMoto;
import dev.nodeless.it.support.StepFunctionsInMoto.Execution;
import dev.nodeless.kube.ReconcileClusterStep;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.kube.emulator.KubeEmulator.Fault;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.ReconcileScheduler;
import dev.nodeless.testing.KubeFixtures;
import dev.nodeless.testing.MaintenanceWorld;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * statemachine/reconcile-fleet.asl.json executed by moto's Step Functions interpreter, its Distributed Map included.
 * moto's Lambda answers from a FIFO of scripted results, so each answer is first computed by the production code the
 * two functions wrap ({@link ReconcileScheduler#list()}, {@link ReconcileClusterStep#run}) against the registry in
 * moto's DynamoDB and one Kubernetes emulator per cluster, then queued. What moto cannot run, and how it is covered:
 * <ul>
 *   <li>its ASL grammar accepts only {@code "ExecutionType": "STANDARD"} children and no integer
 *       {@code ToleratedFailurePercentage}: the test runs the definition with exactly those two values rewritten
 *       (STANDARD, 100.0), nothing else;</li>
 *   <li>its Lambda never throws, so a thrown (retryable) failure cannot reach the item's Catch here: the Catch target,
 *       {@code ClusterFailed}, is executed on its own with the error Step Functions would pass, and the Retry/Catch
 *       wiring is checked on the definition (ReconcileFleetDefinitionTest). A refused cluster (403) is answered by the
 *       real code as a failed outcome, which runs here end to end.</li>
 * </ul>
 */
class ReconcileFleetExecutionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-20T09:30:05Z");
    final MaintenanceWorld world = new MaintenanceWorld(Clock.fixed(NOW, ZoneOffset.UTC));
    final StepFunctionsInMoto sfn = new StepFunctionsInMoto(world.moto);
    final KubeEmulator expiring = new KubeEmulator();
    final KubeEmulator broken = new KubeEmulator();
    final List<String> started = new ArrayList<>();
    ReconcileScheduler scheduler;

    @BeforeEach
    void fleet() {
        // the world reset moto and wrote the registry; only switch the interpreter on (no second reset)
        world.moto.enableStepFunctionsExecution();
        world.moto.post("/moto-api/config", "{\"lambda\": {\"use_docker\": false}}");
        world.register("expiring", ClusterRecord.ACTIVE);
        world.register("broken", ClusterRecord.ACTIVE);
        var s = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        world.aws.dynamo().putItem(p -> p.tableName(MaintenanceWorld.TABLE).item(Map.of("clusterName", s.s("garbled").build(),
                "status", s.s("ACTIVE").build())));
        // "expiring": a node whose NodeClaim expires in 20 minutes (inside the look-ahead): its buffer must grow
        expiring.client().resource(KubeFixtures.pausePods(2)).create();
        KubeFixtures.nodeWithPods(expiring.client(), "ip-10-0-0-9.eu-west-1.compute.internal", "i-0000000000000009a", "eu-west-1a", 3);
        expiring.client().resource(nodeClaim("default-x9", "ip-10-0-0-9.eu-west-1.compute.internal", "i-0000000000000009a",
                NOW.minus(Duration.ofHours(720)).plus(Duration.ofMinutes(20)), "720h")).create();
        // "broken": its API refuses every list (RBAC 403)
        for (int i = 0; i < 10; i++) broken.inject(Fault.status(r -> true, 403));
        Map<String, KubeEmulator> apis = Map.of("demo", world.kube, "expiring", expiring, "broken", broken);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        MaintenanceService service = new MaintenanceService(ids -> Map.of(), world.clusters(),
                c -> new KubeClusterApi(apis.get(c.name()).rest(), KubeClusterApi.backendOf(c.backend()), clock), clock);
        scheduler = new ReconcileScheduler(service, (name, input) -> started.add(name));
    }

    @AfterEach
    void close() {
        expiring.close();
        broken.close();
        world.close();
    }

    @Test
    void oneRefusedCluster_isAFailedRecord_andTheOthersAreReconciledOrUnchanged_inOneExecution() throws Exception {
        ReconcileScheduler.Fleet fleet = scheduler.list();
        List<Object> answers = new ArrayList<>(List.of(fleet));
        ReconcileClusterStep step = new ReconcileClusterStep(scheduler);
        for (ReconcileScheduler.Item item : fleet.clusters()) answers.add(step.run(item.cluster()));
        sfn.queueLambdaResults(answers.stream().map(ReconcileFleetExecutionTest::json).toList());
        String machine = sfn.create(new Asl("reconcile-fleet", forMoto(Asl.load("reconcile-fleet").text())));

        Execution run = sfn.run(machine, "fleet-tick", "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\"}");

        assertThat(run.status()).as("history: %s", run.enteredStates()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = run.output();
        Map<String, String> outcomes = StreamSupport.stream(out.path("outcomes").spliterator(), false)
                .collect(Collectors.toMap(o -> o.path("cluster").asText(), o -> o.path("outcome").asText()));
        assertThat(outcomes).as("one record per listed cluster; BOOTSTRAPPING and FAILED ones are not listed")
                .containsExactlyInAnyOrderEntriesOf(Map.of("demo", "unchanged", "expiring", "reconciled", "broken", "failed"));
        JsonNode failed = StreamSupport.stream(out.path("outcomes").spliterator(), false)
                .filter(o -> o.path("cluster").asText().equals("broken")).findFirst().orElseThrow();
        assertThat(failed.path("reason").asText()).contains("reconciling cluster broken").contains("HTTP 403");
        assertThat(out.path("unreadable").get(0).path("cluster").asText()).isEqualTo("garbled");
        assertThat(started).as("only the cluster whose buffer must change starts maintain-buffer").containsExactly("expiring-reconcile-20261120T0930");
        assertThat(run.enteredStates()).containsSubsequence("ListClusters", "ReconcileEachCluster", "Report").doesNotContain("Failed");
    }

    /**
     * moto's Lambda echoes its input when no answer is queued: each item's invocation gets exactly its cluster's name and
     * the reconcile-fleet execution's ARN (recorded with a failure, so status links to the run).
     */
    @Test
    void eachClusterItem_receivesOnlyItsName_andTheFleetExecution() {
        sfn.queueLambdaResults(List.of(json(scheduler.list())));
        String machine = sfn.create(new Asl("reconcile-fleet", forMoto(Asl.load("reconcile-fleet").text())));

        Execution run = sfn.run(machine, "fleet-echo", "{}");

        String arn = run.description().executionArn();
        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(StreamSupport.stream(run.output().path("outcomes").spliterator(), false).map(JsonNode::toString).toList())
                .containsExactlyInAnyOrder("{\"cluster\":\"demo\",\"execution\":\"" + arn + "\"}",
                        "{\"cluster\":\"expiring\",\"execution\":\"" + arn + "\"}", "{\"cluster\":\"broken\",\"execution\":\"" + arn + "\"}");
    }

    @Test
    void idleFleet_startsNoMaintainBufferExecution() {
        expiring.client().genericKubernetesResources("karpenter.sh/v1", "NodeClaim").withName("default-x9").delete();
        List<Object> answers = new ArrayList<>();
        ReconcileClusterStep step = new ReconcileClusterStep(scheduler);
        for (String c : List.of("demo", "expiring")) answers.add(step.run(c));

        assertThat(answers).allSatisfy(o -> assertThat(((ReconcileScheduler.Outcome) o).outcome()).isEqualTo("unchanged"));
        assertThat(started).isEmpty();
    }

    /** The item's Catch target, run in moto with the error a thrown RetryableKubeException becomes after its retries. */
    @Test
    void clusterFailed_turnsTheCaughtErrorIntoTheClustersFailureRecord() throws Exception {
        JsonNode processor = JSON.readTree(forMoto(Asl.load("reconcile-fleet").text())).at("/States/ReconcileEachCluster/ItemProcessor");
        ObjectNode alone = JSON.createObjectNode();
        alone.put("StartAt", "ClusterFailed");
        alone.set("States", JSON.createObjectNode().set("ClusterFailed", processor.at("/States/ClusterFailed")));
        String machine = sfn.create(new Asl("cluster-failed", alone.toString()));
        String cause = "{\"errorMessage\":\"reconciling cluster broken: HTTP 503: injected fault\",\"errorType\":\"dev.nodeless.kube.RetryableKubeException\"}";
        ObjectNode input = JSON.createObjectNode().put("cluster", "broken");
        input.putObject("error").put("Error", "dev.nodeless.kube.RetryableKubeException").put("Cause", cause);

        Execution run = sfn.run(machine, "caught", input.toString());

        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.output().path("cluster").asText()).isEqualTo("broken");
        assertThat(run.output().path("outcome").asText()).isEqualTo("failed");
        assertThat(run.output().path("error").asText()).isEqualTo("dev.nodeless.kube.RetryableKubeException");
        assertThat(run.output().path("reason").asText()).isEqualTo(cause);
    }

    /** The two rewrites moto's grammar needs (see the class comment); fails if the definition no longer has them. */
    static String forMoto(String asl) {
        assertThat(asl).contains("\"ExecutionType\": \"EXPRESS\"", "\"ToleratedFailurePercentage\": 100,");
        return asl.replace("\"ExecutionType\": \"EXPRESS\"", "\"ExecutionType\": \"STANDARD\"")
                .replace("\"ToleratedFailurePercentage\": 100,", "\"ToleratedFailurePercentage\": 100.0,");
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
