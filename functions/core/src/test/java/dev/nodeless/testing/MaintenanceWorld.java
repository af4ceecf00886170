package dev.nodeless.testing;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.ec2.InstanceResolver;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.Registration;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.maintenance.MaintenanceService;
import dev.nodeless.maintenance.RegisteredClusters;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.Closeable;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.nodeless.aws.metrics.EmbeddedMetrics;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * A managed cluster "demo" for end-to-end tests: the registry table in moto's DynamoDB, written by the bootstrap's
 * own {@link Registration} ("demo" ACTIVE, "bootstrapping" BOOTSTRAPPING, "failed" FAILED), tagged instances in
 * moto's EC2, their Nodes (named by private DNS name, providerID from the instance) with pods and the pause-pods
 * buffer in the Kubernetes emulator, and the {@link MaintenanceService} wired to all three exactly as the Lambdas
 * wire it.
 */
public final class MaintenanceWorld implements Closeable {

    public static final String TABLE = "nodeless-clusters";
    public final MotoServer moto = MotoServer.get();
    public final AwsClients aws;
    public final KubeEmulator kube = new KubeEmulator();
    public final MaintenanceService service;
    /** Every CloudWatch EMF line the service wrote, in order (the Lambdas write them to standard output). */
    public final List<String> metricLines = new CopyOnWriteArrayList<>();
    private final Registration registration;
    private final DynamoDbClusterRegistry registry;
    private final Clock clock;

    public MaintenanceWorld(Clock clock) {
        moto.reset();
        aws = moto.clients("eu-west-1");
        aws.dynamo().createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        DynamoDbClusterRegistry registry = new DynamoDbClusterRegistry(aws.dynamo(), TABLE);
        registration = new Registration(registry, clock);
        register("demo", ClusterRecord.ACTIVE);
        register("bootstrapping", ClusterRecord.BOOTSTRAPPING);
        register("failed", ClusterRecord.FAILED);
        kube.client().resource(KubeFixtures.pausePods(2)).create();
        this.clock = clock;
        this.registry = registry;
        service = service(kube.rest());
    }

    /** The same wiring over another client of the emulator (e.g. one with a short timeout and few retries). */
    public MaintenanceService service(dev.nodeless.kube.KubeRest client) {
        return new MaintenanceService(new InstanceResolver(aws), new RegisteredClusters(registry),
                c -> new KubeClusterApi(client, KubeClusterApi.backendOf(c.backend()), clock), clock,
                new EmbeddedMetrics("Nodeless", clock, metricLines::add));
    }

    /** The managed clusters as the maintenance functions read them (the registry in moto's DynamoDB). */
    public dev.nodeless.maintenance.ManagedClusters clusters() {
        return new RegisteredClusters(registry);
    }

    /** Registers {@code cluster} as the bootstrap state machine does: BOOTSTRAPPING first, then the final status. */
    public void register(String cluster, String status) {
        var spec = Specs.spec(cluster, "pause-pods");
        registration.register(new StepInput(spec, ClusterRecord.BOOTSTRAPPING, Map.of()));
        if (ClusterRecord.FAILED.equals(status)) registration.recordFailure(spec, "States.TaskFailed", "ensureCluster failed");
        else if (!ClusterRecord.BOOTSTRAPPING.equals(status)) registration.register(new StepInput(spec, status, Map.of()));
    }

    /** Pauses maintenance of {@code cluster} as {@code nodeless maintenance pause} does; false when it is not registered. */
    public boolean pause(String cluster, String by, String why) {
        return registry.setPause(cluster, new dev.nodeless.cluster.MaintenancePause(by, why, clock.instant()));
    }

    public boolean resume(String cluster) {
        return registry.setPause(cluster, null);
    }

    public DynamoDbClusterRegistry registry() {
        return registry;
    }

    public Registration registration() {
        return registration;
    }

    /** Launches an instance tagged for {@code cluster}; for "demo" also creates its Node with {@code pods} pods of 500m. */
    public String instance(String cluster, int pods) {
        Ec2Client ec2 = aws.ec2();
        Instance i = ec2.runInstances(b -> b.imageId("ami-12c6146b").minCount(1).maxCount(1).instanceType("m5.large")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
                        Tag.builder().key("eks:eks-cluster-name").value(cluster).build(),
                        Tag.builder().key("karpenter.sh/nodepool").value("default").build()).build()))
                .instances().get(0);
        if ("demo".equals(cluster)) KubeFixtures.nodeWithPods(kube.client(), i.privateDnsName(), i.instanceId(), "eu-west-1a", pods);
        return i.instanceId();
    }

    public int replicas() {
        return kube.client().apps().deployments().inNamespace("nodeless").withName("pause-pods").get().getSpec().getReplicas();
    }

    @Override
    public void close() {
        kube.close();
    }
}
