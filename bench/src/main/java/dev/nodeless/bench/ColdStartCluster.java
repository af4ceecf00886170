package dev.nodeless.bench;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.cluster.Registration;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.Specs;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The world {@code sizeBuffer}'s cold start needs (bench/cold-start.sh): in moto, the fleet registry with cluster
 * {@code bench} ACTIVE and an EKS cluster of that name (DescribeCluster answers); an https {@link KubeEmulator} in CRUD
 * mode with {@code NODES} Nodes ({@code bench-node-<i>.ec2.internal}, instance {@code i-<i as 17 hex digits>}), 30 pods each, and the
 * pause-pods buffer at its baseline of 2. Each run of the benchmark marks a different node at risk, so every run's
 * first Kubernetes write is a real buffer resize. Writes {@code NODELESS_LOCAL_KUBE_API=...} and
 * {@code NODELESS_LOCAL_KUBE_API_CA=...} lines to the given file, then serves until its standard input closes.
 *
 * <pre>ColdStartCluster MOTO_ENDPOINT REGION TABLE OUT_FILE [NODES]</pre>
 */
public final class ColdStartCluster {

    public static void main(String[] args) throws Exception {
        Logger.getLogger("io.fabric8").setLevel(Level.WARNING);
        URI moto = URI.create(args[0]);
        String region = args[1];
        String table = args[2];
        Path out = Path.of(args[3]);
        int nodes = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        AwsClients aws = new AwsClients(region, Optional.of(moto),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("bench-placeholder", "bench-placeholder")));
        aws.dynamo().createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        new Registration(new DynamoDbClusterRegistry(aws.dynamo(), table), Clock.systemUTC()).register(new StepInput(Specs.normalise("""
                {"clusterName":"bench","region":"%s","kubernetesVersion":"1.33","admins":["arn:aws:iam::123456789012:role/Admin"],
                 "buffer":{"backend":"pause-pods","baselineReplicas":2,"maxReplicas":1000,"pod":{"cpu":"1","memory":"1Gi"}}}
                """.formatted(region)), ClusterRecord.ACTIVE, Map.of()));
        // moto does not check the subnet (the benchmark's module carries no EC2 SDK)
        String subnet = "subnet-0bench";
        aws.eks().createCluster(r -> r.name("bench").version("1.33").roleArn("arn:aws:iam::123456789012:role/bench")
                .resourcesVpcConfig(v -> v.subnetIds(subnet)));

        try (KubeEmulator kube = new KubeEmulator(true)) {
            for (int i = 1; i <= nodes; i++) {
                String name = "bench-node-" + i + ".ec2.internal";
                String zone = region + "abc".charAt(i % 3);
                kube.seed(new NodeBuilder().withNewMetadata().withName(name).addToLabels("topology.kubernetes.io/zone", zone).endMetadata()
                        .withNewSpec().withProviderID("aws:///" + zone + "/" + "i-%017x".formatted(i)).endSpec().build());
                kube.seedPodsIndexOnly(BenchPods.on(name, 30));
            }
            kube.seed(new DeploymentBuilder().withNewMetadata().withNamespace(ResourceNames.BUFFER_NAMESPACE)
                    .withName(ResourceNames.BUFFER_NAME).endMetadata().withNewSpec().withReplicas(2).endSpec().build());
            Files.writeString(out, "NODELESS_LOCAL_KUBE_API=" + kube.url() + "\nNODELESS_LOCAL_KUBE_API_CA=" + kube.caData() + "\n",
                    StandardCharsets.UTF_8);
            System.err.println("cold-start cluster: " + nodes + " nodes at " + kube.url() + ", registry " + table + " in moto " + moto);
            while (System.in.read() >= 0) { /* serve until the benchmark closes our input */ }
            int replicas = kube.client().apps().deployments().inNamespace(ResourceNames.BUFFER_NAMESPACE).withName(ResourceNames.BUFFER_NAME)
                    .get().getSpec().getReplicas();
            System.err.println("cold-start cluster: buffer at " + replicas + " replicas after the runs (baseline 2)");
        }
    }
}
