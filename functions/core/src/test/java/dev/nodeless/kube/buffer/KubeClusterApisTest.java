package dev.nodeless.kube.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.buffer.BufferPolicy;
import dev.nodeless.buffer.Resources;
import dev.nodeless.kube.ClusterAccess;
import dev.nodeless.kube.ClusterEndpoint;
import dev.nodeless.kube.ClusterInfo;
import dev.nodeless.kube.KubeRejectedException;
import dev.nodeless.kube.RetryableKubeException;
import dev.nodeless.kube.KubeHttp;
import dev.nodeless.kube.KubeRest;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.maintenance.ManagedClusters.ManagedCluster;
import dev.nodeless.testing.KubeFixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the maintenance loop opens clusters. {@link ClusterAccess} is replaced by a recording stand-in that hands out
 * the Kubernetes emulator's client: DescribeCluster itself is covered by {@code EksClusterAccessTest} (moto) and
 * the token by {@code EksTokenTest}/{@code KubeClientsTest}; moto's EKS endpoints cannot be connected to.
 */
class KubeClusterApisTest {

    private static final ManagedCluster DEMO = new ManagedCluster("demo",
            new BufferPolicy(2, 10, Resources.of("1", "1Gi"), Duration.ofMinutes(10), Duration.ofMinutes(30)), "pause-pods");

    private final KubeEmulator kube = new KubeEmulator();
    private final RecordingAccess access = new RecordingAccess();

    @AfterEach
    void close() { kube.close(); }

    @Test
    void open_connectsOncePerCluster_andReusesTheClientOnLaterEvents() {
        kube.client().resource(KubeFixtures.pausePods(3)).create();
        access.clusters.put("demo", new ClusterInfo("demo", "ACTIVE", "1.33", "vpc-1", endpoint("demo")));
        KubeClusterApis apis = new KubeClusterApis(access, "eu-west-1", Clock.systemUTC());

        int first = apis.open(DEMO).readBuffer().replicas();
        int second = apis.open(DEMO).readBuffer().replicas();

        assertThat(first).isEqualTo(3);
        assertThat(second).isEqualTo(3);
        assertThat(access.calls).containsExactly("find eu-west-1/demo", "connect eu-west-1/demo");
    }

    @Test
    void clusterUpdating_isStillOpened_becauseItsApiServes() {
        kube.client().resource(KubeFixtures.pausePods(1)).create();
        access.clusters.put("demo", new ClusterInfo("demo", "UPDATING", "1.33", "vpc-1", endpoint("demo")));

        assertThat(new KubeClusterApis(access, "eu-west-1", Clock.systemUTC()).open(DEMO).readBuffer().replicas()).isEqualTo(1);
    }

    @Test
    void registeredButUnknownToEks_failsWithTheReason_andConnectsNothing() {
        KubeClusterApis apis = new KubeClusterApis(access, "eu-west-1", Clock.systemUTC());

        assertThatThrownBy(() -> apis.open(DEMO)).isInstanceOf(KubeRejectedException.class)
                .hasMessageContaining("demo").hasMessageContaining("EKS has no such cluster in eu-west-1");
        assertThat(access.calls).containsExactly("find eu-west-1/demo");
    }

    @Test
    void noEndpointYet_isRetryable_andTheNextOpenLooksAgain() {
        access.clusters.put("demo", new ClusterInfo("demo", "CREATING", "1.33", null, null));
        KubeClusterApis apis = new KubeClusterApis(access, "eu-west-1", Clock.systemUTC());

        assertThatThrownBy(() -> apis.open(DEMO)).isInstanceOf(RetryableKubeException.class).hasMessageContaining("CREATING");
        kube.client().resource(KubeFixtures.pausePods(2)).create();
        access.clusters.put("demo", new ClusterInfo("demo", "ACTIVE", "1.33", "vpc-1", endpoint("demo")));
        assertThat(apis.open(DEMO).readBuffer().replicas()).isEqualTo(2);
        assertThat(access.calls).containsExactly("find eu-west-1/demo", "find eu-west-1/demo", "connect eu-west-1/demo");
    }

    /** A container that served more clusters than the bound closes the least recently used client, and connects again when asked. */
    @Test
    void clients_areBounded_theLeastRecentlyUsedIsClosed_andReconnectedWhenNeeded() {
        kube.client().resource(KubeFixtures.pausePods(2)).create();
        for (String c : List.of("a", "b", "c")) access.clusters.put(c, new ClusterInfo(c, "ACTIVE", "1.33", "vpc-1", endpoint(c)));
        access.fresh = true;
        KubeClusterApis apis = new KubeClusterApis(access, "eu-west-1", Clock.systemUTC(), 2);

        apis.open(cluster("a")).readBuffer();
        apis.open(cluster("b")).readBuffer();
        apis.open(cluster("a")).readBuffer(); // a is now the most recently used
        apis.open(cluster("c")).readBuffer(); // evicts b

        assertThat(access.closed).as("b closed, a kept").containsExactly("b");
        assertThat(apis.open(cluster("b")).readBuffer().replicas()).as("b opened again").isEqualTo(2);
        assertThat(access.calls).filteredOn(c -> c.startsWith("connect")).containsExactly("connect eu-west-1/a", "connect eu-west-1/b",
                "connect eu-west-1/c", "connect eu-west-1/b");
        access.opened.values().forEach(KubeRest::close);
    }

    private static ManagedCluster cluster(String name) {
        return new ManagedCluster(name, DEMO.policy(), "pause-pods");
    }

    private static ClusterEndpoint endpoint(String name) {
        return new ClusterEndpoint(name, "https://" + name + ".eu-west-1.eks.amazonaws.com", "Y2E=");
    }

    private final class RecordingAccess implements ClusterAccess {
        final Map<String, ClusterInfo> clusters = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        final Map<String, KubeRest> opened = new HashMap<>();
        final List<String> closed = new ArrayList<>();
        boolean fresh;

        @Override public Optional<ClusterInfo> find(String region, String clusterName) {
            calls.add("find " + region + "/" + clusterName);
            return Optional.ofNullable(clusters.get(clusterName));
        }

        @Override public KubernetesClient connect(String region, ClusterEndpoint endpoint) {
            throw new AssertionError("the maintenance loop opens REST connections, not fabric8 clients");
        }

        @Override public KubeRest rest(String region, ClusterEndpoint endpoint) {
            calls.add("connect " + region + "/" + endpoint.name());
            if (!fresh) return kube.rest();
            KubeHttp http = new KubeHttp(kube.url(), null, null, Duration.ofSeconds(5)); // its own connection, so closing it is observable
            KubeRest rest = new KubeRest(new KubeRest.Transport() {
                @Override public KubeRest.Answer send(String method, String target, String accept, String type, byte[] body) throws java.io.IOException {
                    return http.send(method, target, accept, type, body);
                }

                @Override public void close() {
                    closed.add(endpoint.name());
                    http.close();
                }
            }, 0, Duration.ofMillis(10), kube.url());
            opened.put(endpoint.name(), rest);
            return rest;
        }
    }
}
