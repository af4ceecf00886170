package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.testing.MotoServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's way to a local Kubernetes API: DescribeCluster against moto, then the HTTPS emulator instead of
 * the endpoint moto invents; and every setting under which it is refused.
 */
class LocalKubeApiTest {

    private static final Optional<URI> MOTO = Optional.of(URI.create("http://127.0.0.1:5000"));
    private final MotoServer moto = MotoServer.get();
    private final ClusterAccess eks = new EksClusterAccess(region -> moto.clients(region), KubeClients.Options.DEFAULT, Clock.systemUTC());
    private KubeEmulator kube;

    @BeforeEach
    void start() {
        moto.reset();
        kube = new KubeEmulator(true);
    }

    @AfterEach
    void stop() { kube.close(); }

    @Test
    void localApi_replacesTheEndpointDescribeClusterGave_andTheClientWritesThereWithAnEksToken() {
        var aws = moto.clients("eu-west-1");
        var vpc = aws.ec2().createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        var subnet = aws.ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("eu-west-1a")).subnet().subnetId();
        aws.eks().createCluster(r -> r.name("demo").version("1.33").roleArn("arn:aws:iam::123456789012:role/demo")
                .resourcesVpcConfig(v -> v.subnetIds(subnet)));
        ClusterAccess local = LocalKubeApi.around(eks, Optional.of(moto.endpoint()), Optional.of(URI.create(kube.url())), Optional.of(kube.caData()));

        ClusterInfo info = local.find("eu-west-1", "demo").orElseThrow();
        assertThat(info.endpoint().url()).isEqualTo(kube.url()).startsWith("https://");
        assertThat(info.kubernetesVersion()).isEqualTo("1.33");
        try (KubernetesClient client = local.connect("eu-west-1", info.endpoint())) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("nodeless").endMetadata().build()).create();
        }
        assertThat(kube.client().namespaces().withName("nodeless").get()).isNotNull();
        assertThat(local.find("eu-west-1", "unknown")).as("a cluster EKS does not know stays unknown").isEmpty();
    }

    @Test
    void nothingSet_isTheEksAccessItself() {
        assertThat(LocalKubeApi.around(eks, Optional.empty(), Optional.empty(), Optional.empty())).isSameAs(eks);
        assertThat(LocalKubeApi.around(eks, MOTO, Optional.empty(), Optional.empty())).isSameAs(eks);
    }

    @Test
    void withoutAnAwsEmulator_itIsRefused() {
        assertThatThrownBy(() -> LocalKubeApi.around(eks, Optional.empty(), Optional.of(URI.create("https://127.0.0.1:8443")), Optional.of("Y2E=")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("honoured only with an AWS emulator on loopback (NODELESS_AWS_ENDPOINT), never against AWS");
    }

    @Test
    void anAwsEndpointOffLoopback_isRefused() {
        assertThatThrownBy(() -> LocalKubeApi.around(eks, Optional.of(URI.create("https://vpce-1.sts.eu-west-1.vpce.amazonaws.com")),
                Optional.of(URI.create("https://127.0.0.1:8443")), Optional.of("Y2E=")))
                .hasMessageContaining("is not on loopback");
    }

    @Test
    void aLocalApiOffLoopbackOrInPlainHttp_isRefused() {
        for (String api : new String[] {"https://attacker.example.com", "https://10.0.0.1:443", "https://127.0.0.1.nip.io", "http://127.0.0.1:8080"}) {
            assertThatThrownBy(() -> LocalKubeApi.around(eks, MOTO, Optional.of(URI.create(api)), Optional.of("Y2E=")))
                    .as(api).hasMessageContaining("must be an https URL on loopback");
        }
    }

    @Test
    void aLocalApiWithoutCa_orACaWithoutApi_isRefused() {
        assertThatThrownBy(() -> LocalKubeApi.around(eks, MOTO, Optional.of(URI.create("https://localhost:8443")), Optional.empty()))
                .hasMessageContaining("CA (NODELESS_LOCAL_KUBE_API_CA, base64 of the PEM) is missing");
        assertThatThrownBy(() -> LocalKubeApi.around(eks, MOTO, Optional.empty(), Optional.of("Y2E=")))
                .hasMessageContaining("no local API");
    }

    @Test
    void loopback_acceptsLiteralsOnly() {
        assertThat(LocalKubeApi.loopback(URI.create("https://127.0.0.1:1"))).isTrue();
        assertThat(LocalKubeApi.loopback(URI.create("https://[::1]:1"))).isTrue();
        assertThat(LocalKubeApi.loopback(URI.create("https://localhost:1"))).isTrue();
        assertThat(LocalKubeApi.loopback(URI.create("https://localhost.example.com"))).isFalse();
        assertThat(LocalKubeApi.loopback(URI.create("https://128.0.0.1"))).isFalse();
    }
}
