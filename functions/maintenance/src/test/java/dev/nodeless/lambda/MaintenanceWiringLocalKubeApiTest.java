package dev.nodeless.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.kube.EksClusterAccess;
import dev.nodeless.kube.LocalKubeApi;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * The maintenance functions' NODELESS_LOCAL_KUBE_API gate, through the wiring the Lambda runs: honoured only beside an
 * AWS emulator on loopback (the benchmark), refused as configured in AWS, where NODELESS_AWS_ENDPOINT is unset.
 */
class MaintenanceWiringLocalKubeApiTest {

    private static final AwsClients AWS = new AwsClients("eu-west-1", Optional.empty(), AnonymousCredentialsProvider.create());

    record Config(Optional<URI> awsEndpoint, Optional<URI> localKubeApi, Optional<String> localKubeApiCa) implements MaintenanceConfig {
        @Override public String region() { return "eu-west-1"; }
        @Override public String registryTable() { return "registry"; }
        @Override public Optional<String> maintainBufferStateMachineArn() { return Optional.empty(); }
        @Override public String metricsNamespace() { return "Nodeless"; }
    }

    @Test
    void asDeployed_theClustersAreReachedThroughEks() {
        var deployed = new Config(Optional.empty(), Optional.empty(), Optional.empty());
        new MaintenanceWiring().refuseMisplacedLocalKubeApi(null, deployed);
        assertThat(MaintenanceWiring.clusterAccess(AWS, deployed, Clock.systemUTC())).isInstanceOf(EksClusterAccess.class);
    }

    @Test
    void aLocalApiInAws_withoutAnAwsEmulator_failsTheStart() {
        var inAws = new Config(Optional.empty(), Optional.of(URI.create("https://127.0.0.1:8443")), Optional.of("Y2E="));
        assertThatThrownBy(() -> new MaintenanceWiring().refuseMisplacedLocalKubeApi(null, inAws))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never against AWS");
        assertThatThrownBy(() -> MaintenanceWiring.clusterAccess(AWS, inAws, Clock.systemUTC())).hasMessageContaining("never against AWS");
    }

    @Test
    void aLocalApiOffLoopback_failsTheStartEvenBesideAnEmulator() {
        var elsewhere = new Config(Optional.of(URI.create("http://127.0.0.1:5000")), Optional.of(URI.create("https://kube.example.com")), Optional.of("Y2E="));
        assertThatThrownBy(() -> new MaintenanceWiring().refuseMisplacedLocalKubeApi(null, elsewhere)).hasMessageContaining("on loopback");
    }

    @Test
    void inTheBenchmark_theLocalApiReplacesEks() {
        var bench = new Config(Optional.of(URI.create("http://127.0.0.1:5000")), Optional.of(URI.create("https://127.0.0.1:8443")), Optional.of("Y2E="));
        new MaintenanceWiring().refuseMisplacedLocalKubeApi(null, bench);
        assertThat(MaintenanceWiring.clusterAccess(AWS, bench, Clock.systemUTC())).isInstanceOf(LocalKubeApi.class)
                .hasToString("LocalKubeApi[https://127.0.0.1:8443]");
    }
}
