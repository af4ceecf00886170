package dev.nodeless.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;

/**
 * Builds fabric8 clients for one cluster from its endpoint, CA and a token provider, and from nothing else:
 * {@link Config#empty()} keeps fabric8 from reading kubeconfig files, service-account files, system
 * properties or environment variables, so what the Lambda talks to is exactly what DescribeCluster said.
 */
public final class KubeClients {

    /**
     * @param requestTimeout per-request timeout; keep it well below the Lambda timeout
     * @param retries        fabric8's own retries of connection errors and 5xx (with backoff); Step Functions
     *                       retries the whole idempotent step on top, so a small number is enough
     */
    public record Options(Duration requestTimeout, int retries) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(20), 2);
    }

    private KubeClients() {}

    /** @param tokens the bearer token for each request (e.g. {@link RefreshingEksToken#getToken}) */
    public static KubernetesClient connect(ClusterEndpoint endpoint, java.util.function.Supplier<String> tokens, Options options) {
        Config config = new ConfigBuilder(Config.empty())
                .withAutoConfigure(false)
                .withMasterUrl(endpoint.url())
                .withCaCertData(endpoint.caData())
                .withOauthTokenProvider(tokens::get)
                .withConnectionTimeout((int) Math.min(options.requestTimeout().toMillis(), 10_000))
                .withRequestTimeout((int) options.requestTimeout().toMillis())
                .withRequestRetryBackoffLimit(options.retries())
                .withRequestRetryBackoffInterval(250)
                .build();
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }
}
