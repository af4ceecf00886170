package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.bootstrap.StepResult;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Teardown against the fabric8 mock server in CRUD mode (deletes and reads). The mock has no controllers and
 * no finalizers, so the test plays Karpenter by deleting its node; it ignores the existence selector on
 * nodes, so the selector the code sends is asserted on the recorded request.
 */
class KubernetesTeardownTest {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = KubeMocks.crud(false);
        client = server.createClient();
        for (var crd : new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition[] {
                KubeFixtures.nodePoolCrd(), KubeFixtures.ec2NodeClassCrd(), KubeFixtures.nodeClaimCrd()}) {
            client.resource(crd).create();
        }
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void deletesLoadBalancersAndNodePools_thenWaitsForKarpenterNodes_thenIsDone() throws Exception {
        client.resource(KubeFixtures.loadBalancerService("kube-ops-view", "kube-ops-view", Map.of("app.kubernetes.io/name", "kube-ops-view"), "x.elb.amazonaws.com")).create();
        client.resource(new ServiceBuilder().withNewMetadata().withNamespace("kube-system").withName("kube-dns").endMetadata()
                .withNewSpec().withType("ClusterIP").addNewPort().withPort(53).endPort().endSpec().build()).create();
        client.resource(new IngressBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata()
                .withNewSpec().withIngressClassName("alb").endSpec().build()).create();
        client.genericKubernetesResources(KarpenterApi.NODE_POOLS).resource(KubeFixtures.nodePool("default", true)).create();
        client.genericKubernetesResources(KarpenterApi.EC2_NODE_CLASSES).resource(KubeFixtures.ec2NodeClass("default")).create();
        client.resource(KubeFixtures.karpenterNode("ip-10-0-3-7.eu-west-1.compute.internal", "default")).create();
        client.resource(KubeFixtures.fargateNode("fargate-ip-10-0-1-1.eu-west-1.compute.internal")).create();
        KubeMocks.drain(server);

        StepResult first = new KubernetesTeardown().teardown(client);
        var requests = KubeMocks.drain(server);

        assertThat(first.done()).isFalse();
        assertThat(first.reason()).isEqualTo("waiting for controllers to remove 1 Karpenter nodes (ip-10-0-3-7.eu-west-1.compute.internal)");
        assertThat(first.details().get("deleted")).isEqualTo(
                "Service kube-ops-view/kube-ops-view, Ingress default/web, NodePool default, EC2NodeClass default");
        assertThat(client.services().inNamespace("kube-system").withName("kube-dns").get()).as("ClusterIP services stay").isNotNull();
        assertThat(client.nodes().withName("fargate-ip-10-0-1-1.eu-west-1.compute.internal").get()).as("Fargate nodes are not ours to remove").isNotNull();
        assertThat(requests).filteredOn(r -> r.getPath().startsWith("/api/v1/nodes"))
                .extracting(RecordedRequest::getPath).containsExactly("/api/v1/nodes?labelSelector=karpenter.sh%2Fnodepool");

        client.nodes().withName("ip-10-0-3-7.eu-west-1.compute.internal").delete(); // Karpenter terminated the instance
        StepResult second = new KubernetesTeardown().teardown(client);

        assertThat(second.done()).isTrue();
        assertThat(second.status()).isEqualTo(StepResult.DELETED);
        assertThat(second.details()).doesNotContainKey("deleted");
    }

    @Test
    void nodeClaimWithoutNode_stillBlocks_becauseItsInstanceMayBeRunning() {
        client.genericKubernetesResources(KarpenterApi.NODE_CLAIMS).resource(KubeFixtures.nodeClaim("default-abcde", "default")).create();

        StepResult r = new KubernetesTeardown().teardown(client);

        assertThat(r.done()).isFalse();
        assertThat(r.reason()).contains("1 NodeClaims (default-abcde");
    }

    @Test
    void manyBlockingObjects_areNamedUpToFive_withTheirFinalizers_andTheRestCounted() {
        for (int i = 1; i <= 7; i++) {
            var claim = KubeFixtures.nodeClaim("default-" + i, "default");
            claim.getMetadata().setFinalizers(java.util.List.of("karpenter.sh/termination"));
            client.genericKubernetesResources(KarpenterApi.NODE_CLAIMS).resource(claim).create();
        }

        StepResult r = new KubernetesTeardown().teardown(client);

        assertThat(r.reason()).isEqualTo("waiting for controllers to remove 7 NodeClaims (default-1, default-2, default-3, default-4, default-5, "
                + "and 2 more; finalizers: karpenter.sh/termination)");
    }

    @Test
    void emptyCluster_isDoneAtOnce_andAgain() {
        StepResult once = new KubernetesTeardown().teardown(client);
        StepResult twice = new KubernetesTeardown().teardown(client);

        assertThat(once).isEqualTo(twice);
        assertThat(once.done()).isTrue();
        assertThat(once.status()).isEqualTo(StepResult.DELETED);
    }
}
