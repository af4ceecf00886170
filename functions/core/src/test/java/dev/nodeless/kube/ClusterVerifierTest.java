package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.bootstrap.StepResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Read path only: the verifier against the fabric8 mock server in CRUD mode with real-shaped objects. */
class ClusterVerifierTest {

    private static final String ENDPOINT = "https://ABC.gr7.eu-west-1.eks.amazonaws.com";
    private static final Map<String, String> COREDNS = Map.of("k8s-app", "kube-dns", "eks.amazonaws.com/component", "coredns");
    private static final Map<String, String> KARPENTER = Map.of("app.kubernetes.io/name", "karpenter", "app.kubernetes.io/instance", "karpenter");

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = KubeMocks.crud(false);
        client = server.createClient();
        create(KubeFixtures.nodePoolCrd());
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void healthyNodelessCluster_isActive_withEndpointAndKubeOpsViewUrl() {
        healthyCluster();
        create(KubeFixtures.loadBalancerService("kube-ops-view", "kube-ops-view", Map.of("app.kubernetes.io/name", "kube-ops-view"),
                "k8s-kubeopsv-abc-123.elb.eu-west-1.amazonaws.com"));

        StepResult r = new ClusterVerifier().verify(client, ENDPOINT);

        assertThat(r.done()).isTrue();
        assertThat(r.status()).isEqualTo(StepResult.ACTIVE);
        assertThat(r.details()).containsEntry("endpoint", ENDPOINT)
                .containsEntry("kubeOpsViewUrl", "http://k8s-kubeopsv-abc-123.elb.eu-west-1.amazonaws.com");
    }

    @Test
    void kubeOpsViewWithoutAddressYet_doesNotBlock_butIsSaid() {
        healthyCluster();
        create(KubeFixtures.loadBalancerService("kube-ops-view", "kube-ops-view", Map.of("app.kubernetes.io/name", "kube-ops-view"), null));

        StepResult r = new ClusterVerifier().verify(client, ENDPOINT);

        assertThat(r.done()).isTrue();
        assertThat(r.details()).doesNotContainKey("kubeOpsViewUrl");
        assertThat(r.reason()).contains("kube-ops-view has no load balancer address yet");
    }

    @Test
    void corednsOnAnEc2Node_keepsWaiting_andNamesTheNode() {
        healthyCluster();
        create(KubeFixtures.karpenterNode("ip-10-0-3-7.eu-west-1.compute.internal", "default"));
        create(KubeFixtures.pod("kube-system", "coredns-5d8f-zzz", COREDNS, "ip-10-0-3-7.eu-west-1.compute.internal", "Running", true));

        StepResult r = new ClusterVerifier().verify(client, ENDPOINT);

        assertThat(r.done()).isFalse();
        assertThat(r.status()).isEqualTo(StepResult.IN_PROGRESS);
        assertThat(r.reason()).contains("coredns pod coredns-5d8f-zzz runs on ip-10-0-3-7.eu-west-1.compute.internal, which is not a Fargate node");
        assertThat(r.details()).containsEntry("endpoint", ENDPOINT);
    }

    @Test
    void pendingOrUnreadyPods_andUnreadyNodePool_keepWaiting_withEveryReason() {
        create(KubeFixtures.fargateNode("fargate-ip-10-0-1-1.eu-west-1.compute.internal"));
        create(KubeFixtures.pod("kube-system", "coredns-a", COREDNS, "fargate-ip-10-0-1-1.eu-west-1.compute.internal", "Running", false));
        create(KubeFixtures.pod("karpenter", "karpenter-a", KARPENTER, null, "Pending", false));
        create(KubeFixtures.nodePool("default", false));

        StepResult r = new ClusterVerifier().verify(client, ENDPOINT);

        assertThat(r.done()).isFalse();
        assertThat(r.reason()).contains("coredns pod coredns-a is not Ready", "karpenter pod karpenter-a is not scheduled",
                "NodePool default not Ready (NodeClassNotReady)");
    }

    @Test
    void freshCluster_withNothingYet_waitsForEachComponent() {
        StepResult r = new ClusterVerifier().verify(client, ENDPOINT);

        assertThat(r.done()).isFalse();
        assertThat(r.reason()).contains("no coredns pods yet", "no karpenter pods yet", "no NodePool yet");
    }

    private void healthyCluster() {
        for (String n : new String[] {"fargate-ip-10-0-1-1.eu-west-1.compute.internal", "fargate-ip-10-0-2-2.eu-west-1.compute.internal",
                "fargate-ip-10-0-1-3.eu-west-1.compute.internal", "fargate-ip-10-0-2-4.eu-west-1.compute.internal"}) {
            create(KubeFixtures.fargateNode(n));
        }
        create(KubeFixtures.pod("kube-system", "coredns-5d8f-a", COREDNS, "fargate-ip-10-0-1-1.eu-west-1.compute.internal", "Running", true));
        create(KubeFixtures.pod("kube-system", "coredns-5d8f-b", COREDNS, "fargate-ip-10-0-2-2.eu-west-1.compute.internal", "Running", true));
        create(KubeFixtures.pod("karpenter", "karpenter-7c9-a", KARPENTER, "fargate-ip-10-0-1-3.eu-west-1.compute.internal", "Running", true));
        create(KubeFixtures.pod("karpenter", "karpenter-7c9-b", KARPENTER, "fargate-ip-10-0-2-4.eu-west-1.compute.internal", "Running", true));
        create(KubeFixtures.nodePool("default", true));
        // a workload pod on a Karpenter node must not count against coredns or karpenter
        create(KubeFixtures.karpenterNode("ip-10-0-3-9.eu-west-1.compute.internal", "default"));
        create(KubeFixtures.pod("default", "inflate-1", Map.of("app", "inflate"), "ip-10-0-3-9.eu-west-1.compute.internal", "Running", true));
    }

    private void create(HasMetadata o) {
        if (o instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource g) {
            client.genericKubernetesResources(KarpenterApi.NODE_POOLS).resource(g).create();
        } else {
            client.resource(o).create();
        }
    }
}
