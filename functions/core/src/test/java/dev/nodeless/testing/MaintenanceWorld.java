package dev.nodeless.testing;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.dynamodb.RegistryClusters;
import dev.nodeless.aws.ec2.InstanceResolver;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.maintenance.MaintenanceService;
import java.io.Closeable;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * A managed cluster "demo" for end-to-end tests: the registry table in moto's DynamoDB, tagged instances in moto's
 * EC2, their Nodes (named by private DNS name, providerID from the instance) with pods and the pause-pods buffer in
 * the Kubernetes emulator, and the {@link MaintenanceService} wired to all three exactly as the Lambdas wire it.
 */
public final class MaintenanceWorld implements Closeable {

    public static final String TABLE = "nodeless-clusters";
    public final MotoServer moto = MotoServer.get();
    public final AwsClients aws;
    public final KubeEmulator kube = new KubeEmulator();
    public final MaintenanceService service;

    public MaintenanceWorld(Clock clock) {
        moto.reset();
        aws = moto.clients("eu-west-1");
        aws.dynamo().createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        register("demo", "ACTIVE");
        register("bootstrapping", "BOOTSTRAPPING");
        kube.client().resource(KubeFixtures.pausePods(2)).create();
        service = new MaintenanceService(new InstanceResolver(aws), new RegistryClusters(aws.dynamo(), TABLE),
                c -> new KubeClusterApi(kube.client(), KubeClusterApi.backendOf(c.backend()), clock), clock);
    }

    public void register(String cluster, String status) {
        aws.dynamo().putItem(b -> b.tableName(TABLE).item(Map.of(
                "clusterName", AttributeValue.fromS(cluster), "status", AttributeValue.fromS(status),
                "spec", AttributeValue.fromS(Specs.spec(cluster, "pause-pods")))));
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
