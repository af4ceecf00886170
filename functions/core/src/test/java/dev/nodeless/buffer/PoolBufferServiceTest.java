package dev.nodeless.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.kube.buffer.KubeClusterApi;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.kube.manifests.ClusterManifests;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.spec.Specs;
import dev.nodeless.testing.KubeFixtures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One buffer per NodePool that asks for one ({@code events/cluster-spec-node-pools.json}: pools general, on-demand and
 * gpu; gpu has its own buffer of one-GPU pause pods), on the Kubernetes emulator with the objects the bootstrap
 * renders: each buffer is sized from its own pool's at-risk nodes, GPUs counted, and never touches the other's.
 */
class PoolBufferServiceTest {

    static final Instant T0 = Instant.parse("2026-11-20T09:30:00Z");
    static final String GPU = "nvidia.com/gpu";

    final KubeEmulator kube = new KubeEmulator();
    final BufferServiceTest.MutableClock clock = new BufferServiceTest.MutableClock(T0);
    final BufferService service = new BufferService(clock);
    final ClusterSpec spec = Specs.normalise(SpecFixtures.json("events/cluster-spec-node-pools.json"));
    final BufferScopes scopes = BufferPolicies.scopes(spec);

    @BeforeEach
    void bootstrapped() {
        ClusterManifests.buffer(spec).forEach(o -> kube.client().resource(o).create());
    }

    @AfterEach
    void close() {
        kube.close();
    }

    ClusterApi api() {
        return new KubeClusterApi(kube.rest(), KubeClusterApi.Backend.PAUSE_PODS, clock);
    }

    int replicas(String buffer) {
        return kube.client().apps().deployments().inNamespace(ResourceNames.BUFFER_NAMESPACE).withName(buffer).get().getSpec().getReplicas();
    }

    /** A node of {@code pool} with {@code pods} workload pods of 1 CPU / 2Gi and {@code gpusEach} GPUs each. */
    void node(String name, String pool, int pods, int gpusEach) {
        Node n = KubeFixtures.node(name, instance(name), "eu-west-1a");
        n.getMetadata().getLabels().put("karpenter.sh/nodepool", pool);
        kube.client().nodes().resource(n).create();
        for (int i = 0; i < pods; i++) {
            Pod p = KubeFixtures.pod("ml", name + "-job-" + i, name, "1", "2Gi");
            if (gpusEach > 0) p.getSpec().getContainers().get(0).getResources().getRequests().put(GPU, new Quantity(Integer.toString(gpusEach)));
            kube.client().pods().resource(p).create();
        }
    }

    static String instance(String node) {
        return String.format("i-0%016x", Math.abs(node.hashCode()));
    }

    static BufferService.Target target(String node) {
        return new BufferService.Target(node, instance(node));
    }

    @Test
    void scopes_areTheTopLevelBufferThenTheGpuPoolsOwn() {
        assertThat(scopes.all()).extracting(BufferScope::bufferName).containsExactly(ResourceNames.BUFFER_NAME, "pause-pods-gpu");
        assertThat(scopes.ownPools()).containsExactly("gpu");
        assertThat(scopes.forPool("gpu").policy().chunk().extended(GPU)).isEqualTo(1);
        assertThat(scopes.forPool("general")).isSameAs(scopes.topLevel());
        assertThat(scopes.forPool(null)).as("an unlabelled node").isSameAs(scopes.topLevel());
    }

    @Test
    void rebalanceOnAGpuNode_growsOnlyTheGpuBuffer_byTheGpusItsPodsRequest() {
        node("gpu-1", "gpu", 3, 1); // 3 pods x (1 CPU, 2Gi, 1 GPU); a buffer pod holds 3 CPU, 12Gi, 1 GPU

        List<BufferChange> changes = service.markAtRisk("pools", api(), scopes, "rebalance", T0.plusSeconds(120),
                List.of(target("gpu-1")), "rebalance/e1");

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.buffer()).isEqualTo("pause-pods-gpu");
            assertThat(c.replicasBefore()).isZero();
            assertThat(c.replicasAfter()).as("3 GPUs, one per buffer pod; by CPU alone it would be 1").isEqualTo(3);
            assertThat(c.reason()).contains("3 nvidia.com/gpu");
        });
        assertThat(replicas("pause-pods-gpu")).isEqualTo(3);
        assertThat(replicas(ResourceNames.BUFFER_NAME)).as("the top-level buffer holds no GPU room").isEqualTo(2);
        assertThat(kube.client().nodes().withName("gpu-1").get().getMetadata().getLabels()).containsEntry(ResourceNames.AT_RISK_LABEL, "true");
        assertThat(kube.requests()).as("the node's pool is read by name")
                .anyMatch(r -> r.startsWith("GET /api/v1/nodes/gpu-1"))
                .noneMatch(r -> r.startsWith("PUT /apis/apps/v1/namespaces/nodeless/deployments/pause-pods "));
    }

    @Test
    void oneEventForNodesOfTwoPools_growsEachBufferFromItsOwnNodes() {
        node("gpu-1", "gpu", 2, 1);
        node("gen-1", "general", 5, 0); // 5 CPU on a pool without a buffer of its own: the top-level buffer's (1 CPU pods)

        List<BufferChange> changes = service.markAtRisk("pools", api(), scopes, "rebalance", T0.plusSeconds(120),
                List.of(target("gpu-1"), target("gen-1")), "rebalance/e2");

        assertThat(changes).extracting(BufferChange::buffer, BufferChange::replicasAfter, BufferChange::atRisk)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("pause-pods-gpu", 2, List.of("gpu-1")),
                        org.assertj.core.groups.Tuple.tuple(null, 2 + 10, List.of("gen-1"))); // 5 CPU, 10Gi: memory dominates
        assertThat(replicas("pause-pods-gpu")).isEqualTo(2);
        assertThat(replicas(ResourceNames.BUFFER_NAME)).isEqualTo(12);
    }

    @Test
    void reconcile_sizesEachBufferFromItsOwnExpiringNodes_andLeavesTheOthersLabelsAlone() {
        node("gpu-1", "gpu", 2, 1);
        node("gen-1", "general", 1, 0);
        node("gen-2", "general", 1, 0);
        // gpu-1 expires within the look-ahead; gen-1 was marked by a rebalance recommendation; gen-2 is healthy
        kube.client().resource(claim("gpu-abc", "gpu-1", "gpu", T0.minus(Duration.ofHours(1)), "65m")).create();
        service.markAtRisk("pools", api(), scopes, "rebalance", T0.plusSeconds(120), List.of(target("gen-1")), "rebalance/e3");

        List<BufferChange> changes = service.reconcile("pools", api(), scopes, "reconcile/r1");

        assertThat(changes).extracting(BufferChange::buffer).containsExactly(null, "pause-pods-gpu");
        assertThat(changes.get(0).atRisk()).containsExactly("gen-1");
        assertThat(changes.get(1).atRisk()).containsExactly("gpu-1");
        assertThat(replicas("pause-pods-gpu")).isEqualTo(2);
        assertThat(kube.client().nodes().withName("gen-1").get().getMetadata().getLabels())
                .as("the gpu buffer's reconcile must not take the top-level buffer's mark away").containsEntry(ResourceNames.AT_RISK_LABEL, "true");
        assertThat(kube.client().nodes().withName("gpu-1").get().getMetadata().getLabels()).containsEntry(ResourceNames.AT_RISK_LABEL, "true");
        assertThat(kube.requests()).as("pool membership by a label-selected metadata list")
                .anyMatch(r -> r.startsWith("GET /api/v1/nodes?") && r.contains("labelSelector=karpenter.sh/nodepool=gpu"));

        List<BufferChange> again = service.reconcile("pools", api(), scopes, "reconcile/r2");
        assertThat(again).allSatisfy(c -> assertThat(c.written()).as("a steady forecast is no change").isFalse());
        assertThat(service.reconcileNeeded("pools", api(), scopes)).isEmpty();
    }

    @Test
    void gpuBuffer_isCappedByItsOwnPoolsLimits_notTheSumOverPools() {
        // the gpu pool has 8 GPUs and uses 7: one more buffer pod fits, whatever room the general pool has
        kube.client().resource(pool("gpu", Map.of("cpu", "192", GPU, "8"), Map.of("cpu", "28", GPU, "7"))).create();
        kube.client().resource(pool("general", Map.of("cpu", "800"), Map.of("cpu", "10"))).create();
        node("gpu-1", "gpu", 4, 1);

        List<BufferChange> changes = service.markAtRisk("pools", api(), scopes, "rebalance", T0.plusSeconds(120),
                List.of(target("gpu-1")), "rebalance/e4");

        assertThat(changes).singleElement().satisfies(c -> assertThat(c.replicasAfter()).as("4 GPUs wanted, 1 left in the pool").isEqualTo(1));
    }

    @Test
    void withoutPools_theSingleBufferPathSendsWhatItAlwaysSent() {
        ClusterSpec single = SpecFixtures.sampleSpec();
        BufferScopes one = BufferPolicies.scopes(single);
        node("gen-1", "default", 2, 0);
        kube.clearRequests();

        List<BufferChange> changes = service.markAtRisk("demo", api(), one, "rebalance", T0.plusSeconds(120), List.of(target("gen-1")), "rebalance/e5");

        assertThat(one.single()).isTrue();
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.buffer()).isNull());
        assertThat(kube.requests()).as("no pool lookup").noneMatch(r -> r.startsWith("GET /api/v1/nodes/gen-1"));
    }

    static io.fabric8.kubernetes.api.model.GenericKubernetesResource claim(String name, String node, String pool, Instant created, String expireAfter) {
        var c = KubeFixtures.nodeClaim(name, node, instance(node), created, expireAfter);
        c.getMetadata().setLabels(Map.of("karpenter.sh/nodepool", pool));
        return c;
    }

    static io.fabric8.kubernetes.api.model.GenericKubernetesResource pool(String name, Map<String, String> limits, Map<String, String> used) {
        return new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1").withKind("NodePool")
                .withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("spec", Map.of("limits", limits))
                .addToAdditionalProperties("status", Map.of("resources", used))
                .build();
    }
}
