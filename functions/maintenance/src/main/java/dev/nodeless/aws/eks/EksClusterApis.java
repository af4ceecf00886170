package dev.nodeless.aws.eks;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.buffer.ClusterApi;
import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.maintenance.ClusterApis;
import dev.nodeless.maintenance.ManagedClusters;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * Opens a cluster's Kubernetes API with the Lambda role's identity: endpoint and CA from EKS DescribeCluster, and
 * a short-lived bearer token (a presigned STS GetCallerIdentity URL, as {@code aws eks get-token} makes it),
 * refreshed every 10 minutes. No kubeconfig, no static credentials. Clients are kept per cluster for reuse across
 * invocations of a warm container.
 */
public final class EksClusterApis implements ClusterApis {

    static final Duration TOKEN_REFRESH = Duration.ofMinutes(10);

    private final AwsClients aws;
    private final Clock clock;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public EksClusterApis(AwsClients aws, Clock clock) {
        this.aws = aws;
        this.clock = clock;
    }

    @Override
    public ClusterApi open(ManagedClusters.ManagedCluster cluster) {
        KubernetesClient client = clients.computeIfAbsent(cluster.name(), this::connect);
        return new KubeClusterApi(client, KubeClusterApi.backendOf(cluster.backend()), clock);
    }

    private KubernetesClient connect(String name) {
        Cluster c = aws.eks().describeCluster(b -> b.name(name)).cluster();
        Token token = new Token(name);
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(c.endpoint())
                .withCaCertData(c.certificateAuthority().data())
                .withOauthTokenProvider(token::get)
                .withRequestTimeout(10_000)
                .withConnectionTimeout(5_000)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The EKS bearer token of one cluster, cached until it is close to EKS' 15-minute limit. */
    private final class Token {
        private final String cluster;
        private volatile String value;
        private volatile Instant madeAt = Instant.EPOCH;

        Token(String cluster) {
            this.cluster = cluster;
        }

        synchronized String get() {
            Instant now = clock.instant();
            if (value == null || now.isAfter(madeAt.plus(TOKEN_REFRESH))) {
                value = make();
                madeAt = now;
            }
            return value;
        }

        private String make() {
            String region = aws.region().id();
            SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                    .uri(URI.create("https://sts." + region + ".amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"))
                    .putHeader("x-k8s-aws-id", cluster).build();
            AwsCredentialsIdentity identity = aws.credentials().resolveIdentity().join();
            var signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                    .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(60)));
            String url = signed.request().getUri().toString();
            return "k8s-aws-v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
        }
    }
}
