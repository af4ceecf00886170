package dev.nodeless.kube;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.eks.DescribeClusterCall;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/** Finds clusters with EKS DescribeCluster and authenticates to them with EKS tokens signed by the Lambda role. */
public final class EksClusterAccess implements ClusterAccess {

    private final Function<String, AwsClients> clientsByRegion;
    private final KubeClients.Options options;
    private final Clock clock;
    private final boolean withoutEksSdk;
    private final Map<String, AwsClients> clients = new ConcurrentHashMap<>();
    private final Map<String, DescribeClusterCall> calls = new ConcurrentHashMap<>();

    /** DescribeCluster through the EKS SDK client (the bootstrap functions, which carry it for their other EKS calls). */
    public EksClusterAccess(Function<String, AwsClients> clientsByRegion, KubeClients.Options options, Clock clock) {
        this(clientsByRegion, options, clock, false);
    }

    private EksClusterAccess(Function<String, AwsClients> clientsByRegion, KubeClients.Options options, Clock clock, boolean withoutEksSdk) {
        this.clientsByRegion = clientsByRegion;
        this.options = options;
        this.clock = clock;
        this.withoutEksSdk = withoutEksSdk;
    }

    /**
     * DescribeCluster as one signed REST call ({@link DescribeClusterCall}), never building the EKS SDK client: the
     * maintenance functions, whose only EKS call it is, on their cold start.
     */
    public static EksClusterAccess withoutEksSdk(Function<String, AwsClients> clientsByRegion, KubeClients.Options options, Clock clock) {
        return new EksClusterAccess(clientsByRegion, options, clock, true);
    }

    @Override
    public Optional<ClusterInfo> find(String region, String clusterName) {
        if (withoutEksSdk) {
            return calls.computeIfAbsent(region, r -> new DescribeClusterCall(aws(r))).describe(clusterName).map(EksClusterAccess::info);
        }
        Cluster c;
        try {
            // Throttling, 5xx and network trouble become RetryableStepException, like every other AWS call.
            c = AwsErrors.call("describing EKS cluster " + clusterName, () -> aws(region).eks().describeCluster(r -> r.name(clusterName)).cluster());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        String ca = c.certificateAuthority() == null ? null : c.certificateAuthority().data();
        ClusterEndpoint endpoint = c.endpoint() == null || ca == null ? null : new ClusterEndpoint(c.name(), c.endpoint(), ca);
        String vpcId = c.resourcesVpcConfig() == null ? null : c.resourcesVpcConfig().vpcId();
        return Optional.of(new ClusterInfo(c.name(), c.statusAsString(), c.version(), vpcId, endpoint));
    }

    /** The same fields as above, from DescribeCluster's JSON ({@code cluster}). */
    static ClusterInfo info(JsonNode c) {
        String name = text(c, "name");
        String url = text(c, "endpoint");
        String ca = text(c.path("certificateAuthority"), "data");
        ClusterEndpoint endpoint = url == null || ca == null ? null : new ClusterEndpoint(name, url, ca);
        return new ClusterInfo(name, text(c, "status"), text(c, "version"), text(c.path("resourcesVpcConfig"), "vpcId"), endpoint);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    @Override
    public KubernetesClient connect(String region, ClusterEndpoint endpoint) {
        EksToken tokens = new EksToken(aws(region).credentials(), region, clock);
        return KubeClients.connect(endpoint, new RefreshingEksToken(tokens, endpoint.name(), clock)::getToken, options);
    }

    @Override
    public KubeRest rest(String region, ClusterEndpoint endpoint) {
        RefreshingEksToken tokens = new RefreshingEksToken(new EksToken(aws(region).credentials(), region, clock), endpoint.name(), clock);
        return KubeRest.connect(endpoint.url(), endpoint.caData(), tokens::getToken, options);
    }

    private AwsClients aws(String region) {
        return clients.computeIfAbsent(region, clientsByRegion);
    }
}
