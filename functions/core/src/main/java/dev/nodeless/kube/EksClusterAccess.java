package dev.nodeless.kube;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.AwsErrors;
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
    private final Map<String, AwsClients> clients = new ConcurrentHashMap<>();

    public EksClusterAccess(Function<String, AwsClients> clientsByRegion, KubeClients.Options options, Clock clock) {
        this.clientsByRegion = clientsByRegion;
        this.options = options;
        this.clock = clock;
    }

    @Override
    public Optional<ClusterInfo> find(String region, String clusterName) {
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

    @Override
    public KubernetesClient connect(String region, ClusterEndpoint endpoint) {
        EksToken tokens = new EksToken(aws(region).credentials(), region, clock);
        return KubeClients.connect(endpoint, new RefreshingEksToken(tokens, endpoint.name(), clock), options);
    }

    private AwsClients aws(String region) {
        return clients.computeIfAbsent(region, clientsByRegion);
    }
}
