package dev.nodeless.testing;

import dev.nodeless.adopt.Adoption;
import dev.nodeless.adopt.AdoptionRequest;
import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.Json;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.aws.eks.AdoptionAccess;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.cluster.DynamoDbClusterRegistry;
import dev.nodeless.kube.ClusterAccess;
import dev.nodeless.kube.ClusterEndpoint;
import dev.nodeless.kube.ClusterInfo;
import dev.nodeless.kube.EksClusterAccess;
import dev.nodeless.kube.KubeClients;
import dev.nodeless.kube.adopt.AdoptionKubernetes;
import dev.nodeless.kube.emulator.KubeEmulator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.Closeable;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.AccessConfigResponse;
import software.amazon.awssdk.services.eks.model.AuthenticationMode;
import software.amazon.awssdk.services.eks.model.ComputeConfigResponse;
import software.amazon.awssdk.services.eks.model.DescribeClusterRequest;
import software.amazon.awssdk.services.eks.model.DescribeClusterResponse;

/**
 * An EKS cluster Nodeless did not create, for adopt-cluster tests: the cluster in moto's EKS (created directly, as
 * eksctl or Terraform would, without Nodeless's owner tag), the fleet registry in moto's DynamoDB, and its Kubernetes
 * API in the {@link KubeEmulator} with Karpenter's real CRDs from the reference folder, a controller Deployment and a
 * NodePool. moto 5.2 has no access-entry API and no {@code computeConfig}/{@code accessConfig} in DescribeCluster:
 * {@link Eks} (the in-memory {@link EksAddonAndAccessEntryStub}, plus those two fields for the clusters a test names)
 * stands in for exactly those; everything else is moto. {@link #adopt}/{@link #release} call the production steps in
 * the order statemachine/adopt-cluster.asl.json does.
 */
public final class AdoptionWorld implements Closeable {

    public static final String REGION = "eu-west-1";
    public static final String TABLE = "nodeless-clusters";
    public static final String OWNER = TABLE;
    public static final String ADOPTION_ROLE = "arn:aws:iam::123456789012:role/nodeless-AdoptionRole-ABC";
    public static final String WRITER = "arn:aws:iam::123456789012:role/nodeless-MaintenanceRole-DEF";
    public static final String RESOLVE = "arn:aws:iam::123456789012:role/nodeless-MaintenanceResolveRole-GHI";
    public static final String RECONCILE = "arn:aws:iam::123456789012:role/nodeless-MaintenanceReconcileRole-JKL";
    public static final String ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

    /** The stub, plus DescribeCluster's computeConfig and accessConfig, which moto does not model. */
    public static final class Eks extends EksAddonAndAccessEntryStub {
        public final Set<String> autoMode = new HashSet<>();
        public final Set<String> configMapOnly = new HashSet<>();

        Eks(EksClient moto) { super(moto); }

        @Override
        public DescribeClusterResponse describeCluster(DescribeClusterRequest r) {
            DescribeClusterResponse d = super.describeCluster(r);
            var c = d.cluster().toBuilder();
            if (autoMode.contains(r.name())) c.computeConfig(ComputeConfigResponse.builder().enabled(true).build());
            c.accessConfig(AccessConfigResponse.builder().authenticationMode(configMapOnly.contains(r.name())
                    ? AuthenticationMode.CONFIG_MAP : AuthenticationMode.API_AND_CONFIG_MAP).build());
            return d.toBuilder().cluster(c.build()).build();
        }
    }

    public final MotoServer moto = MotoServer.get();
    public final AwsClients aws;
    public final Eks eks;
    public final DynamoDbClusterRegistry registry;
    public final KubeEmulator kube = new KubeEmulator();
    private final Clock clock;

    public AdoptionWorld(Clock clock) {
        this.clock = clock;
        moto.reset();
        aws = moto.clients(REGION);
        eks = new Eks(aws.eks());
        aws.dynamo().createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("clusterName").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("clusterName").attributeType(ScalarAttributeType.S)));
        registry = new DynamoDbClusterRegistry(aws.dynamo(), TABLE);
    }

    /** A cluster created without Nodeless (tags as given), in the region's default subnets. */
    public void cluster(String name, Map<String, String> tags) {
        List<String> subnets = aws.ec2().describeSubnets().subnets().stream().limit(2).map(s -> s.subnetId()).toList();
        aws.eks().createCluster(r -> r.name(name).version("1.33").roleArn("arn:aws:iam::123456789012:role/eksctl-cluster-role")
                .resourcesVpcConfig(v -> v.subnetIds(subnets)).tags(tags));
    }

    /** Karpenter as a Helm install leaves it: the four reference CRDs, the controller in kube-system and one NodePool. */
    public void karpenter(String image, String featureGates) {
        crds();
        kube.client().apps().deployments().inNamespace("kube-system").resource(new DeploymentBuilder()
                .withNewMetadata().withName("karpenter").withNamespace("kube-system")
                .withLabels(Map.of("app.kubernetes.io/name", "karpenter", "app.kubernetes.io/instance", "karpenter",
                        "app.kubernetes.io/version", "1.14.1", "helm.sh/chart", "karpenter-1.14.1")).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app.kubernetes.io/name", "karpenter")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app.kubernetes.io/name", "karpenter")).endMetadata()
                .withNewSpec().addNewContainer().withName("controller").withImage(image)
                .addNewEnv().withName("FEATURE_GATES").withValue(featureGates).endEnv().endContainer().endSpec().endTemplate().endSpec()
                .build()).create();
        nodePool("default");
    }

    /** Only the CRDs (as EKS Auto Mode serves them, with no controller Deployment in sight). */
    public void crds() {
        for (String file : List.of("karpenter.sh_nodepools.yaml", "karpenter.sh_nodeclaims.yaml", "karpenter.k8s.aws_ec2nodeclasses.yaml",
                "autoscaling.x-k8s.io_capacitybuffers.yaml")) {
            CustomResourceDefinition crd = kube.client().apiextensions().v1().customResourceDefinitions().load(Reference.crd(file).toFile()).item();
            kube.client().apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
    }

    public void nodePool(String name) {
        kube.client().genericKubernetesResources("karpenter.sh/v1", "NodePool").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("karpenter.sh/v1").withKind("NodePool").withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("spec", Map.of("limits", Map.of("cpu", "100", "memory", "400Gi"))).build()).create();
    }

    public ResourceTags tags() { return new ResourceTags(OWNER); }

    public AdoptionAccess access() {
        return new AdoptionAccess(eks, tags(), new AdoptionAccess.Roles(ADOPTION_ROLE, WRITER, List.of(RESOLVE, RECONCILE)), "aws");
    }

    public Adoption adoption() {
        return new Adoption(eks, registry, tags(), access(), REGION, clock);
    }

    /** DescribeCluster against moto (endpoint, version, status); the client is the emulator's. */
    public AdoptionKubernetes kubernetes() {
        EksClusterAccess eksAccess = new EksClusterAccess(r -> aws, KubeClients.Options.DEFAULT, clock);
        return new AdoptionKubernetes(new ClusterAccess() {
            @Override public Optional<ClusterInfo> find(String region, String name) {
                return eksAccess.find(region, name).map(c -> new ClusterInfo(c.name(), c.status(), c.kubernetesVersion(), c.vpcId(),
                        c.endpoint() != null ? c.endpoint() : new ClusterEndpoint(name, "https://moto.invalid", "none")));
            }
            @Override public KubernetesClient connect(String region, ClusterEndpoint endpoint) { return kube.newClient(); }
        });
    }

    /** Every step of adopt, as the state machine runs them; stops at the first FAILED. Keys: check, install, record. */
    public Map<String, StepResult> adopt(Map<String, Object> input) {
        Map<String, StepResult> results = new LinkedHashMap<>();
        Map<String, Object> outputs = new LinkedHashMap<>();
        if (!step(results, outputs, "check", adoption().run("check", input, outputs))) return results;
        AdoptionRequest request = AdoptionRequest.read(input);
        boolean autoMode = Boolean.parseBoolean(results.get("check").details().get("autoMode"));
        if (!step(results, outputs, "install", kubernetes().install(request, REGION, autoMode))) return results;
        step(results, outputs, "record", adoption().run("record", input, outputs));
        return results;
    }

    /** Every step of release: release, uninstall (when the adoption role can reach the cluster), finish. */
    public Map<String, StepResult> release(String cluster) {
        Map<String, Object> input = Map.of("clusterName", cluster, "action", "release");
        Map<String, StepResult> results = new LinkedHashMap<>();
        Map<String, Object> outputs = new LinkedHashMap<>();
        if (!step(results, outputs, "release", adoption().run("release", input, outputs))) return results;
        if (Boolean.parseBoolean(results.get("release").details().get("uninstall"))) {
            if (!step(results, outputs, "uninstall", kubernetes().uninstall(cluster, REGION))) return results;
        }
        step(results, outputs, "finish", adoption().run("finish", input, outputs));
        return results;
    }

    @SuppressWarnings("unchecked")
    private static boolean step(Map<String, StepResult> results, Map<String, Object> outputs, String name, StepResult r) {
        results.put(name, r);
        outputs.put(name, Json.MAPPER.convertValue(r, Map.class));
        return !StepResult.FAILED.equals(r.status());
    }

    @Override
    public void close() {
        kube.close();
    }
}
