package dev.nodeless.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.buffer.AtRisk;
import dev.nodeless.buffer.ClusterApi;
import dev.nodeless.buffer.Ledger;
import dev.nodeless.buffer.Resources;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.MaintenancePause;
import dev.nodeless.cluster.ReconcileFailure;
import dev.nodeless.cluster.Registration;
import dev.nodeless.cluster.SpecHash;
import dev.nodeless.kube.ClusterAccess;
import dev.nodeless.kube.ClusterEndpoint;
import dev.nodeless.kube.ClusterInfo;
import dev.nodeless.kube.EksClusterAccess;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.kube.buffer.KubeClusterApis;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.kube.manifests.CrdSchema;
import dev.nodeless.maintenance.ExecutionNames;
import dev.nodeless.testing.KubeFixtures;
import dev.nodeless.testing.MotoServer;
import dev.nodeless.testing.Reference;
import dev.nodeless.testing.Specs;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code nodeless status} against moto (CloudFormation stack outputs, the registry in DynamoDB, EKS DescribeCluster,
 * Step Functions ListExecutions/DescribeExecution with executions its interpreter ran) and one Kubernetes emulator per
 * cluster, whose buffer objects were written by the maintenance loop's own adapter ({@link KubeClusterApi}). Only the
 * connection is a stand-in: moto's EKS endpoints cannot be connected to, so {@link ClusterAccess#rest} hands out the
 * emulator's client for the cluster DescribeCluster found (see KubeClusterApisTest).
 */
class StatusCommandTest {

    static final Instant NOW = Instant.parse("2026-11-20T09:30:05Z");
    static final String TABLE = "nodeless-clusters";
    static final String ROLE = "arn:aws:iam::123456789012:role/nodeless-states";
    static final String UUID = "7e1d0c2b-4a5f-4b6e-9d8c-1a2b3c4d5e01";
    static final ObjectMapper JSON = new ObjectMapper();

    final MotoServer moto = MotoServer.forDefaultCredentialChain();
    final KubeEmulator demo = new KubeEmulator();
    final KubeEmulator demo2 = new KubeEmulator();
    final KubeEmulator pools = new KubeEmulator();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final List<String> connected = new ArrayList<>();
    AwsClients aws;
    DynamoDbClusterRegistry registry;
    String fleetRun;
    dev.nodeless.kube.KubeRest nowhere;

    @BeforeEach
    void stack() throws Exception {
        moto.reset();
        // moto 5.2's interpreter runs one execution per state machine (the second StartExecution fails deep-copying the
        // first): here executions stay RUNNING, and ExecutionHistoryTest reads a finished reconcile-fleet run
        moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": false}}");
        aws = moto.clients("eu-west-1");
        aws.dynamo().createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        registry = new DynamoDbClusterRegistry(aws.dynamo(), TABLE);
        Registration registration = new Registration(registry, clock);
        for (String[] c : new String[][] {{"demo", "pause-pods"}, {"demo-2", "capacity-buffer"}, {"unreachable", "pause-pods"}}) {
            var spec = Specs.spec(c[0], c[1]);
            registration.register(new StepInput(spec, ClusterRecord.BOOTSTRAPPING, Map.of()));
            registration.register(new StepInput(spec, ClusterRecord.ACTIVE, Map.of()));
            eksCluster(c[0]);
        }
        registry.setPause("demo", new MaintenancePause("arn:aws:sts::123456789012:assumed-role/ops/alice", "INC-42: buffer pinned by hand", NOW.minusSeconds(600)));

        SfnClient sfn = aws.configure(SfnClient.builder()).build();
        String maintain = machine(sfn, "nodeless-maintain-buffer", "{}");
        String bootstrap = machine(sfn, "nodeless-bootstrap-cluster", "{}");
        String fleet = machine(sfn, "nodeless-reconcile-fleet", "{}");
        for (String name : List.of(ExecutionNames.forEvent("demo", "spot-interruption", UUID), ExecutionNames.forEvent("demo-2", "rebalance", UUID),
                ExecutionNames.forReconcile("demo", NOW))) {
            sfn.startExecution(s -> s.stateMachineArn(maintain).name(name).input("{}"));
        }
        sfn.startExecution(s -> s.stateMachineArn(bootstrap).name("demo-1763630000").input("{}"));
        sfn.startExecution(s -> s.stateMachineArn(bootstrap).name("nightly-1763630000").input("{}"));
        fleetRun = sfn.startExecution(s -> s.stateMachineArn(fleet).name("tick-1").input("{}")).executionArn();
        registry.setReconcileFailure("unreachable", new ReconcileFailure(NOW.minusSeconds(120),
                "RetryableKubeException: reconciling cluster unreachable: no response", true, fleetRun));

        aws.configure(software.amazon.awssdk.services.cloudformation.CloudFormationClient.builder()).build()
                .createStack(s -> s.stackName("nodeless").templateBody("""
                        {"Resources":{"Handle":{"Type":"AWS::CloudFormation::WaitConditionHandle"}},
                         "Outputs":{"RegistryTableName":{"Value":"%s"},"MaintainBufferStateMachineArn":{"Value":"%s"},
                                    "BootstrapClusterStateMachineArn":{"Value":"%s"},"ReconcileFleetStateMachineArn":{"Value":"%s"}}}"""
                        .formatted(TABLE, maintain, bootstrap, fleet)));

        // demo: the pause-pods Deployment with a ledger and a last change, written as sizeBuffer writes them
        demo.client().resource(KubeFixtures.pausePods(2)).create();
        demo.client().resource(KubeFixtures.node("ip-10-0-1-5.eu-west-1.compute.internal", "i-0abc15", "eu-west-1a")).create();
        demo.client().resource(KubeFixtures.node("ip-10-0-2-7.eu-west-1.compute.internal", "i-0abc27", "eu-west-1b")).create();
        demo.client().resource(KubeFixtures.node("ip-10-0-3-9.eu-west-1.compute.internal", "i-0abc39", "eu-west-1c")).create();
        KubeClusterApi api = new KubeClusterApi(demo.rest(), KubeClusterApi.Backend.PAUSE_PODS, clock);
        Ledger ledger = new Ledger(Map.of(
                "ip-10-0-2-7.eu-west-1.compute.internal", new AtRisk("ip-10-0-2-7.eu-west-1.compute.internal", "i-0abc27", "expiry",
                        NOW.minusSeconds(300), NOW.plus(Duration.ofMinutes(20)), new Resources(1500, 3L << 30)),
                "ip-10-0-1-5.eu-west-1.compute.internal", new AtRisk("ip-10-0-1-5.eu-west-1.compute.internal", "i-0abc15", "spot-interruption",
                        NOW.minusSeconds(10), NOW.plus(Duration.ofSeconds(110)), new Resources(500, 512L << 20))), null);
        api.writeBuffer(api.readBuffer(), 5, ledger, new ClusterApi.LastChange("spot-interruption/" + UUID, "spot-interruption", 2, 5,
                "grow: 2 node(s) at risk, demand 2000m/3584Mi"));
        for (String n : List.of("ip-10-0-1-5.eu-west-1.compute.internal", "ip-10-0-2-7.eu-west-1.compute.internal", "ip-10-0-3-9.eu-west-1.compute.internal")) {
            api.labelAtRisk(n, true);
        }
        // demo-2: a CapacityBuffer, valid against Karpenter's real CRD
        var capacityBuffer = KubeFixtures.capacityBuffer(3);
        assertThat(CrdSchema.load(Reference.crd("autoscaling.x-k8s.io_capacitybuffers.yaml"), "v1beta1").problems(capacityBuffer)).isEmpty();
        demo2.client().resource(capacityBuffer).create();
        // unreachable: DescribeCluster answers, but nothing listens at its API server
        nowhere = dev.nodeless.kube.KubeRest.connect("http://127.0.0.1:1", null, null, new dev.nodeless.kube.KubeClients.Options(Duration.ofSeconds(2), 0));
    }

    @AfterEach
    void close() {
        demo.close();
        demo2.close();
        pools.close();
        if (nowhere != null) nowhere.close();
    }

    /** moto's EKS does not look the subnet up (tools carries no EC2 client). */
    private void eksCluster(String name) {
        String subnet = "subnet-0123456789abcdef0";
        aws.eks().createCluster(r -> r.name(name).version("1.33").roleArn("arn:aws:iam::123456789012:role/nodeless/" + name + "-cluster")
                .resourcesVpcConfig(v -> v.subnetIds(subnet)));
    }

    private static String machine(SfnClient sfn, String name, String result) {
        String definition = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"Result\":" + result + ",\"End\":true}}}";
        return sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    /** EKS DescribeCluster in moto (the real adapter); the connection goes to the cluster's emulator. */
    private KubeClusterApis apis(AwsClients a) {
        EksClusterAccess eks = new EksClusterAccess(region -> a, StatusCommand.KUBE, clock);
        ClusterAccess access = new ClusterAccess() {
            @Override
            public Optional<ClusterInfo> find(String region, String clusterName) {
                return eks.find(region, clusterName);
            }

            @Override
            public KubernetesClient connect(String region, ClusterEndpoint endpoint) {
                throw new AssertionError("status reads through ClusterAccess.rest, as the maintenance functions do");
            }

            @Override
            public dev.nodeless.kube.KubeRest rest(String region, ClusterEndpoint endpoint) {
                connected.add(endpoint.name());
                return switch (endpoint.name()) {
                    case "demo" -> demo.rest();
                    case "demo-2" -> demo2.rest();
                    case "nodeless-pools" -> pools.rest();
                    default -> nowhere;
                };
            }
        };
        return new KubeClusterApis(access, "eu-west-1", clock);
    }

    private int status(String... args) {
        StatusCommand.Options o = StatusCommand.Options.parse(args, "nodeless", "eu-west-1");
        return StatusCommand.show(o, aws, this::apis, clock, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private JsonNode json(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--output";
        all[args.length + 1] = "json";
        assertThat(status(all)).isZero();
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static List<String> keys(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode cluster(JsonNode root, String name) {
        for (JsonNode c : root.path("clusters")) if (c.path("cluster").asText().equals(name)) return c;
        throw new AssertionError("no cluster " + name + " in " + root);
    }

    @Test
    void oneCluster_registryPauseBufferAtRiskNodesAndItsOwnExecutions() throws Exception {
        JsonNode root = json("--cluster", "demo");
        JsonNode c = cluster(root, "demo");

        assertThat(root.path("clusters")).hasSize(1);
        assertThat(keys(root)).as("the document's keys, in order").containsExactly("stack", "region", "at", "clusters", "unreadable");
        assertThat(keys(c)).containsExactly("cluster", "registry", "buffer", "poolBuffers", "bufferUnavailable", "executions", "executionsUnavailable");
        assertThat(keys(c.path("registry"))).containsExactly("status", "region", "specHash", "kubernetesVersion", "karpenterVersion",
                "createdAt", "updatedAt", "lastError", "lastFailedExecution", "pause", "reconcileFailure");
        assertThat(keys(c.path("registry").path("pause"))).containsExactly("by", "reason", "at");
        assertThat(keys(c.path("buffer"))).containsExactly("backend", "object", "pool", "replicas", "baseline", "baselineNow", "maxReplicas", "share",
                "lastChange", "atRisk", "labeledOnly");
        assertThat(keys(c.path("buffer").path("atRisk").get(0))).containsExactly("node", "instanceId", "trigger", "markedAt", "deadline",
                "milliCpu", "memoryBytes");
        assertThat(keys(c.path("executions").get(0))).containsExactly("workflow", "name", "status", "started", "stopped", "arn", "console", "note");
        assertThat(root.path("stack").asText()).isEqualTo("nodeless");
        JsonNode r = c.path("registry");
        assertThat(r.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(r.path("specHash").asText()).isEqualTo(SpecHash.of(Specs.spec("demo", "pause-pods")));
        assertThat(r.path("kubernetesVersion").asText()).isEqualTo("1.33");
        assertThat(r.path("pause").path("by").asText()).isEqualTo("arn:aws:sts::123456789012:assumed-role/ops/alice");
        assertThat(r.path("pause").path("reason").asText()).isEqualTo("INC-42: buffer pinned by hand");
        assertThat(r.path("pause").path("at").asText()).isEqualTo("2026-11-20T09:20:05Z");
        assertThat(r.has("reconcileFailure")).as("every key is there, null when empty").isTrue();
        assertThat(r.path("reconcileFailure").isNull()).isTrue();
        assertThat(r.path("lastError").isNull()).isTrue();

        JsonNode b = c.path("buffer");
        assertThat(c.path("bufferUnavailable").isNull()).isTrue();
        assertThat(b.path("object").asText()).isEqualTo("Deployment nodeless/pause-pods");
        assertThat(b.path("replicas").asInt()).isEqualTo(5);
        assertThat(b.path("baseline").asInt()).isEqualTo(2);
        assertThat(b.path("baselineNow").asInt()).isEqualTo(2);
        assertThat(b.path("maxReplicas").asInt()).isEqualTo(50);
        assertThat(b.path("lastChange").path("trigger").asText()).isEqualTo("spot-interruption");
        assertThat(b.path("lastChange").path("after").asInt()).isEqualTo(5);
        assertThat(b.path("atRisk")).as("soonest deadline first").hasSize(2);
        assertThat(b.path("atRisk").get(0).path("node").asText()).isEqualTo("ip-10-0-1-5.eu-west-1.compute.internal");
        assertThat(b.path("atRisk").get(0).path("trigger").asText()).isEqualTo("spot-interruption");
        assertThat(b.path("atRisk").get(0).path("deadline").asText()).isEqualTo("2026-11-20T09:31:55Z");
        assertThat(b.path("atRisk").get(1).path("trigger").asText()).isEqualTo("expiry");
        assertThat(b.path("atRisk").get(1).path("memoryBytes").asLong()).isEqualTo(3L << 30);
        assertThat(b.path("labeledOnly").get(0).asText()).isEqualTo("ip-10-0-3-9.eu-west-1.compute.internal");
        assertThat(b.path("labeledOnly")).hasSize(1);

        List<String> names = new ArrayList<>();
        c.path("executions").forEach(e -> names.add(e.path("workflow").asText() + " " + e.path("name").asText() + " " + e.path("status").asText()));
        assertThat(names).as("demo's executions only, not demo-2's; the fleet's newest run for everyone").containsExactlyInAnyOrder(
                "maintain-buffer demo-spot-interruption-" + UUID + " RUNNING",
                "maintain-buffer demo-reconcile-20261120T0930 RUNNING",
                "bootstrap-cluster demo-1763630000 RUNNING",
                "reconcile-fleet tick-1 RUNNING");
        JsonNode tick = c.path("executions").get(names.size() - 1);
        assertThat(tick.path("note").isNull()).as("a run not finished has no outcome to show").isTrue();
        assertThat(tick.path("console").asText()).isEqualTo(
                "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/" + fleetRun);
        assertThat(connected).containsExactly("demo");
    }

    @Test
    void everyCluster_anUnreachableApiStillShowsItsRegistryPart_andSaysWhy() throws Exception {
        JsonNode root = json();

        assertThat(root.path("clusters").findValuesAsText("cluster")).containsExactly("demo", "demo-2", "unreachable");
        JsonNode capacity = cluster(root, "demo-2").path("buffer");
        assertThat(capacity.path("object").asText()).isEqualTo("CapacityBuffer nodeless/pause-pods");
        assertThat(capacity.path("backend").asText()).isEqualTo("capacity-buffer");
        assertThat(capacity.path("replicas").asInt()).isEqualTo(3);
        assertThat(capacity.path("atRisk")).isEmpty();
        assertThat(cluster(root, "demo-2").path("executions").findValuesAsText("name")).contains("demo-2-rebalance-" + UUID)
                .doesNotContain("demo-spot-interruption-" + UUID);

        JsonNode lost = cluster(root, "unreachable");
        assertThat(lost.path("buffer").isNull()).isTrue();
        assertThat(lost.path("bufferUnavailable").asText()).startsWith("reading the buffer of unreachable");
        assertThat(lost.path("registry").path("status").asText()).isEqualTo("ACTIVE");
        JsonNode failure = lost.path("registry").path("reconcileFailure");
        assertThat(failure.path("at").asText()).isEqualTo("2026-11-20T09:28:05Z");
        assertThat(failure.path("cause").asText()).isEqualTo("RetryableKubeException: reconciling cluster unreachable: no response");
        assertThat(failure.path("retryable").asBoolean()).isTrue();
        assertThat(failure.path("execution").asText()).isEqualTo(fleetRun);
        assertThat(cluster(root, "demo-2").path("registry").path("pause").isNull()).isTrue();
    }

    @Test
    void text_isOneBlockPerCluster_withTheFactsAPersonLooksFor() {
        assertThat(status()).isZero();
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text).startsWith("stack nodeless (eu-west-1), 3 cluster(s), at 2026-11-20T09:30:05Z\n");
        assertThat(text).contains("\ndemo  ACTIVE  eu-west-1\n", "\ndemo-2  ACTIVE  eu-west-1\n", "\nunreachable  ACTIVE  eu-west-1\n");
        assertThat(text).contains("  maintenance  PAUSED by arn:aws:sts::123456789012:assumed-role/ops/alice at 2026-11-20T09:20:05Z (10m ago): INC-42: buffer pinned by hand");
        assertThat(text).contains("  buffer       Deployment nodeless/pause-pods: 5 replica(s); baseline 2, max 50");
        assertThat(text).contains("  at risk      2 node(s)");
        assertThat(text).containsPattern("ip-10-0-1-5\\.eu-west-1\\.compute\\.internal +i-0abc15 +spot-interruption +2026-11-20T09:31:55Z \\(in 1m50s\\) +500m +512Mi");
        assertThat(text).contains("labeled at risk but not in the ledger (the next reconcile removes the label): ip-10-0-3-9.eu-west-1.compute.internal");
        assertThat(text).contains("  reconcile    FAILED at 2026-11-20T09:28:05Z (2m ago), transient (retried within the run): RetryableKubeException");
        assertThat(text).contains("  buffer       not read: reading the buffer of unreachable");
        assertThat(text).contains("https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/");
    }

    @Test
    void unknownCluster_isOneLineExit2_namingTheRegisteredOnes() {
        int code = Main.run(new String[] {"status", "--cluster", "nope", "--stack", "nodeless", "--region", "eu-west-1",
                "--endpoint-url", moto.endpoint().toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "nodeless status: no cluster nope in the registry table nodeless-clusters; registered: demo, demo-2, unreachable\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anUnreadableRegistryItem_isListedWithEveryCluster_andRefusedAlone() throws Exception {
        var v = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        aws.dynamo().putItem(p -> p.tableName(TABLE).item(Map.of("clusterName", v.s("garbled").build(), "status", v.s("ACTIVE").build())));

        JsonNode all = json();
        out.reset();

        assertThat(all.path("unreadable").get(0).asText()).isEqualTo("garbled: the field region is missing");
        assertThat(all.path("clusters").findValuesAsText("cluster")).containsExactly("demo", "demo-2", "unreachable");
        assertThatThrownBy(() -> status("--cluster", "garbled")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the registry item garbled in nodeless-clusters is unreadable: the field region is missing");
    }

    @Test
    void noRegistryTable_andNoStack_areOneLineExit2() {
        aws.dynamo().deleteTable(d -> d.tableName(TABLE));
        String endpoint = moto.endpoint().toString();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        int noTable = Main.run(new String[] {"status", "--stack", "nodeless", "--region", "eu-west-1", "--endpoint-url", endpoint}, o, e);
        int noStack = Main.run(new String[] {"status", "--stack", "other", "--region", "eu-west-1", "--endpoint-url", endpoint}, o, e);

        assertThat(noTable).isEqualTo(2);
        assertThat(noStack).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "nodeless status: the registry table nodeless-clusters of stack nodeless does not exist in eu-west-1",
                "nodeless status: no CloudFormation stack other in eu-west-1 (give --stack <name> or set NODELESS_STACK to the stack sam deploy created)");
    }


    /**
     * A cluster whose spec gives the NodePool gpu a buffer of its own (events/cluster-spec-node-pools.json): status reads
     * both objects as the maintenance loop does, each with its own ledger; a node in the pool buffer's ledger is not
     * reported as "labeled only".
     */
    @Test
    void nodePoolBuffers_eachWithItsOwnLedger() throws Exception {
        var spec = dev.nodeless.spec.Specs.normalise(dev.nodeless.spec.SpecFixtures.json("events/cluster-spec-node-pools.json"));
        Registration registration = new Registration(registry, clock);
        registration.register(new StepInput(spec, ClusterRecord.BOOTSTRAPPING, Map.of()));
        registration.register(new StepInput(spec, ClusterRecord.ACTIVE, Map.of()));
        eksCluster(spec.clusterName());
        pools.client().resource(KubeFixtures.pausePods(2)).create();
        var gpuBuffer = KubeFixtures.pausePods(0);
        gpuBuffer.getMetadata().setName("pause-pods-gpu");
        pools.client().resource(gpuBuffer).create();
        String gpuNode = "ip-10-0-9-9.eu-west-1.compute.internal";
        pools.client().resource(KubeFixtures.node(gpuNode, "i-0gpu99", "eu-west-1a")).create();
        ClusterApi gpu = new KubeClusterApi(pools.rest(), KubeClusterApi.Backend.PAUSE_PODS, clock).withBuffer("pause-pods-gpu", "pause-pods");
        gpu.writeBuffer(gpu.readBuffer(), 1, new Ledger(Map.of(gpuNode, new AtRisk(gpuNode, "i-0gpu99", "rebalance", NOW.minusSeconds(30),
                NOW.plus(Duration.ofMinutes(10)), new Resources(3000, 12L << 30))), null),
                new ClusterApi.LastChange("rebalance/" + UUID, "rebalance", 0, 1, "grow: 1 node(s) at risk, demand 3000m/12288Mi"));
        gpu.labelAtRisk(gpuNode, true);

        JsonNode c = cluster(json("--cluster", "nodeless-pools"), "nodeless-pools");

        assertThat(c.path("buffer").path("object").asText()).isEqualTo("Deployment nodeless/pause-pods");
        assertThat(c.path("buffer").path("pool").isNull()).isTrue();
        assertThat(c.path("buffer").path("replicas").asInt()).isEqualTo(2);
        assertThat(c.path("buffer").path("atRisk")).isEmpty();
        assertThat(c.path("buffer").path("labeledOnly")).as("the gpu node is in its pool buffer's ledger").isEmpty();
        assertThat(c.path("poolBuffers")).hasSize(1);
        JsonNode p = c.path("poolBuffers").get(0);
        assertThat(p.path("object").asText()).isEqualTo("Deployment nodeless/pause-pods-gpu");
        assertThat(p.path("pool").asText()).isEqualTo("gpu");
        assertThat(p.path("replicas").asInt()).isEqualTo(1);
        assertThat(p.path("maxReplicas").asInt()).isEqualTo(spec.karpenter().nodePools().stream()
                .filter(np -> np.name().equals("gpu")).findFirst().orElseThrow().buffer().maxReplicas());
        assertThat(p.path("atRisk").findValuesAsText("node")).containsExactly(gpuNode);
        assertThat(p.path("lastChange").path("trigger").asText()).isEqualTo("rebalance");

        out.reset();
        assertThat(status("--cluster", "nodeless-pools")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("pool buffer  Deployment nodeless/pause-pods-gpu (NodePool gpu): 1 replica(s)");
    }
}
