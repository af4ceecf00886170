package dev.nodeless.kube.buffer;

import static dev.nodeless.testing.KubeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.buffer.AtRisk;
import dev.nodeless.buffer.BufferConflictException;
import dev.nodeless.buffer.BufferDecision;
import dev.nodeless.buffer.ClusterApi;
import dev.nodeless.buffer.DriftForecast;
import dev.nodeless.buffer.Ledger;
import dev.nodeless.buffer.Resources;
import dev.nodeless.kube.emulator.KubeEmulator;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST adapter against the fabric8 mock server in CRUD mode (via {@link KubeEmulator}). */
class KubeClusterApiTest {

    static final Instant T0 = Instant.parse("2026-11-20T09:30:00Z");
    final KubeEmulator kube = new KubeEmulator();
    final KubeClusterApi api = new KubeClusterApi(kube.rest(), KubeClusterApi.Backend.PAUSE_PODS, Clock.fixed(T0, ZoneOffset.UTC));

    @AfterEach
    void close() {
        kube.close();
    }

    @Test
    void podsOn_sendsTheNodeNameFieldSelector_notAFullList() {
        nodeWithPods(kube.client(), "ip-10-0-1-1.eu-west-1.compute.internal", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 3);
        nodeWithPods(kube.client(), "ip-10-0-1-2.eu-west-1.compute.internal", "i-0aaaaaaaaaaaaaaa2", "eu-west-1b", 2);
        kube.clearRequests();
        var pods = api.podsOn("ip-10-0-1-1.eu-west-1.compute.internal");
        assertThat(kube.requests()).containsExactly("GET /api/v1/pods?fieldSelector=spec.nodeName=ip-10-0-1-1.eu-west-1.compute.internal");
        assertThat(pods).hasSize(4).allMatch(p -> p.node().equals("ip-10-0-1-1.eu-west-1.compute.internal"));
    }

    @Test
    void workloadRequests_pagesThroughAllPods_summingOnlyEvictableOnes() throws Exception {
        var server = new io.fabric8.kubernetes.client.server.mock.KubernetesMockServer(false);
        server.init();
        try (var client = dev.nodeless.kube.KubeRest.connect(server.url("/"), null, null, dev.nodeless.kube.KubeClients.Options.DEFAULT)) {
            var first = new io.fabric8.kubernetes.api.model.PodListBuilder().withNewMetadata().withContinue("page-2").endMetadata()
                    .addToItems(pod("shop", "web-1", "n1", "500m", "512Mi"), daemonSetPod("aws-node-1", "n1", "25m", "64Mi"),
                            bufferPod("pause-pods-1", "n1")).build();
            var second = new io.fabric8.kubernetes.api.model.PodListBuilder().withNewMetadata().endMetadata()
                    .addToItems(pod("shop", "web-2", "n2", "1500m", "1536Mi")).build();
            server.expect().get().withPath("/api/v1/pods?limit=500").andReturn(200, first).once();
            server.expect().get().withPath("/api/v1/pods?limit=500&continue=page-2").andReturn(200, second).once();

            Resources total = new KubeClusterApi(client, KubeClusterApi.Backend.PAUSE_PODS, Clock.fixed(T0, ZoneOffset.UTC)).workloadRequests();

            assertThat(total).isEqualTo(Resources.of("2", "2Gi"));
            assertThat(server.getRequestCount()).as("two pages").isEqualTo(2);
        } finally {
            server.destroy();
        }
    }

    @Test
    void nodeForInstance_findsTheNodeByNameHintInOneRequest_andChecksProviderId() {
        nodeWithPods(kube.client(), "ip-10-0-1-1.eu-west-1.compute.internal", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 0);
        kube.clearRequests();
        assertThat(api.nodeForInstance("i-0aaaaaaaaaaaaaaa1", List.of("ip-10-0-1-1.eu-west-1.compute.internal", "i-0aaaaaaaaaaaaaaa1")))
                .contains(new ClusterApi.NodeRef("ip-10-0-1-1.eu-west-1.compute.internal", "i-0aaaaaaaaaaaaaaa1"));
        assertThat(kube.requests()).containsExactly("GET /api/v1/nodes/ip-10-0-1-1.eu-west-1.compute.internal");
    }

    @Test
    void nodeForInstance_withoutAMatchingHint_pagesThroughNodesByProviderId() {
        nodeWithPods(kube.client(), "custom-name", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a", 0);
        kube.clearRequests();
        assertThat(api.nodeForInstance("i-0aaaaaaaaaaaaaaa1", List.of("ip-10-9-9-9.eu-west-1.compute.internal")))
                .contains(new ClusterApi.NodeRef("custom-name", "i-0aaaaaaaaaaaaaaa1"));
        assertThat(kube.requests()).containsExactly("GET /api/v1/nodes/ip-10-9-9-9.eu-west-1.compute.internal", "GET /api/v1/nodes?limit=500");
        assertThat(api.nodeForInstance("i-0bbbbbbbbbbbbbbb1", List.of())).isEmpty();
    }

    @Test
    void writeBuffer_changesReplicasAndLedgerInOneUpdate_withTheReadResourceVersion() {
        kube.client().resource(pausePods(2)).create();
        ClusterApi.BufferState s = api.readBuffer();
        assertThat(s.replicas()).isEqualTo(2);
        assertThat(s.ledger()).isEqualTo(Ledger.EMPTY);
        Ledger l = Ledger.EMPTY.mark(new AtRisk("n1", "i-0aaaaaaaaaaaaaaa1", "spot-interruption", T0, T0.plusSeconds(120), Resources.of("3", "3Gi")));
        kube.clearRequests();
        api.writeBuffer(s, 5, l, null);
        assertThat(kube.requests()).containsExactly("PUT /apis/apps/v1/namespaces/nodeless/deployments/pause-pods");
        ClusterApi.BufferState after = api.readBuffer();
        assertThat(after.replicas()).isEqualTo(5);
        assertThat(after.ledger()).isEqualTo(l);
        assertThat(after.version()).isNotEqualTo(s.version());
    }

    @Test
    void writeBuffer_fromAStaleRead_isAConflictAndChangesNothing() {
        kube.client().resource(pausePods(2)).create();
        ClusterApi.BufferState first = api.readBuffer();
        ClusterApi.BufferState second = api.readBuffer();
        api.writeBuffer(first, 3, Ledger.EMPTY, null);
        assertThatThrownBy(() -> api.writeBuffer(second, 7, Ledger.EMPTY, null)).isInstanceOf(BufferConflictException.class)
                .hasMessageContaining("nodeless/pause-pods changed since version " + second.version());
        assertThat(api.readBuffer().replicas()).isEqualTo(3);
    }

    @Test
    void capacityBufferBackend_writesSpecReplicasAndLedger() {
        kube.client().resource(capacityBuffer(2)).create();
        KubeClusterApi cb = new KubeClusterApi(kube.rest(), KubeClusterApi.Backend.CAPACITY_BUFFER, Clock.fixed(T0, ZoneOffset.UTC));
        ClusterApi.BufferState s = cb.readBuffer();
        assertThat(s.replicas()).isEqualTo(2);
        Ledger l = Ledger.EMPTY.mark(new AtRisk("n1", "i-0aaaaaaaaaaaaaaa1", "expiry", T0, T0, Resources.of("1", "1Gi")));
        cb.writeBuffer(s, 4, l, null);
        var stored = kube.client().genericKubernetesResources(CAPACITY_BUFFERS).inNamespace("nodeless").withName("pause-pods").get();
        assertThat(((java.util.Map<?, ?>) stored.getAdditionalProperties().get("spec")).get("replicas")).isEqualTo(4);
        assertThat(stored.getMetadata().getAnnotations()).containsKey(ResourceNames.LEDGER_ANNOTATION);
        assertThat(cb.readBuffer().ledger()).isEqualTo(l);
    }

    @Test
    void recordChange_createsAKubernetesEventRegardingTheBuffer() {
        kube.client().resource(pausePods(2)).create();
        api.recordChange(new dev.nodeless.buffer.ClusterApi.LastChange(null, "spot-interruption", 2, 5, "grow: 1 node(s) at risk"));
        List<Event> events = kube.client().events().v1().events().inNamespace("nodeless").list().getItems();
        assertThat(events).hasSize(1);
        Event e = events.get(0);
        assertThat(e.getRegarding().getKind()).isEqualTo("Deployment");
        assertThat(e.getRegarding().getName()).isEqualTo("pause-pods");
        assertThat(e.getReason()).isEqualTo("BufferGrown");
        assertThat(e.getNote()).isEqualTo("spot-interruption: replicas 2 -> 5; grow: 1 node(s) at risk");
        assertThat(e.getReportingController()).isEqualTo("nodeless.dev/maintenance");
    }

    @Test
    void labelAtRisk_setsAndRemovesTheLabelWithAMergePatch_andToleratesAGoneNode() {
        kube.client().nodes().resource(node("n1", "i-0aaaaaaaaaaaaaaa1", "eu-west-1a")).create();
        kube.clearRequests();
        api.labelAtRisk("n1", true);
        assertThat(kube.client().nodes().withName("n1").get().getMetadata().getLabels()).containsEntry(ResourceNames.AT_RISK_LABEL, "true");
        api.labelAtRisk("n1", false);
        // a real API server deletes a label patched to null; the CRUD emulator keeps the key with a null value
        assertThat(kube.client().nodes().withName("n1").get().getMetadata().getLabels()).doesNotContainEntry(ResourceNames.AT_RISK_LABEL, "true");
        api.labelAtRisk("gone", true); // 404: nothing to avoid, not an error
        // one PATCH per call, no GET before it (the GETs are this test's own checks)
        assertThat(kube.requests()).containsExactly("PATCH /api/v1/nodes/n1", "GET /api/v1/nodes/n1", "PATCH /api/v1/nodes/n1",
                "GET /api/v1/nodes/n1", "PATCH /api/v1/nodes/gone");
        assertThat(kube.client().nodes().withName("gone").get()).isNull();
    }

    @Test
    void poolLimits_sumNodePoolLimitsAndUsage() {
        kube.client().resource(nodePool("default", "10", "7")).create();
        assertThat(api.poolLimits()).contains(new ClusterApi.PoolLimits(Resources.of("10", "0"), Resources.of("7", "0")));
    }

    @Test
    void nodeClaims_expiryIsCreationPlusExpireAfter() {
        kube.client().resource(nodeClaim("default-abc12", "n1", "i-0aaaaaaaaaaaaaaa1", T0, "720h")).create();
        kube.client().resource(nodeClaim("default-xyz34", "n2", "i-0aaaaaaaaaaaaaaa2", T0, "Never")).create();
        assertThat(api.nodeClaims()).containsExactlyInAnyOrder(
                new ClusterApi.Claim("default-abc12", "n1", "i-0aaaaaaaaaaaaaaa1", T0.plusSeconds(720 * 3600)),
                new ClusterApi.Claim("default-xyz34", "n2", "i-0aaaaaaaaaaaaaaa2", null));
    }

    @Test
    void nodeClaims_readPoolDriftAndDeletion_fromClaimsShapedByTheRealCrd() {
        var drifted = driftedNodeClaim("default-d1", "n1", "i-0aaaaaaaaaaaaaaa1", "default", T0, T0.plusSeconds(600), false);
        var replacing = driftedNodeClaim("default-d2", "n2", "i-0aaaaaaaaaaaaaaa2", "default", T0, T0.plusSeconds(300), true);
        var fresh = driftedNodeClaim("default-f1", "n3", "i-0aaaaaaaaaaaaaaa3", "default", T0, null, false);
        var schema = dev.nodeless.kube.manifests.CrdSchema.load(dev.nodeless.testing.Reference.crd("karpenter.sh_nodeclaims.yaml"), "v1");
        for (var c : java.util.List.of(drifted, replacing, fresh)) assertThat(schema.problems(c)).as(c.getMetadata().getName()).isEmpty();
        for (var c : java.util.List.of(drifted, replacing, fresh)) kube.client().resource(c).create();
        // A create never keeps a deletionTimestamp (the API server sets it on delete while a finalizer holds the object);
        // the CRUD mock keeps it on an update, which stands in for that here.
        kube.client().resource(replacing).update();

        assertThat(api.nodeClaims()).containsExactlyInAnyOrder(
                new ClusterApi.Claim("default-d1", "n1", "i-0aaaaaaaaaaaaaaa1", T0.plusSeconds(720 * 3600), "default", T0.plusSeconds(600), false),
                new ClusterApi.Claim("default-d2", "n2", "i-0aaaaaaaaaaaaaaa2", T0.plusSeconds(720 * 3600), "default", T0.plusSeconds(300), true),
                new ClusterApi.Claim("default-f1", "n3", "i-0aaaaaaaaaaaaaaa3", T0.plusSeconds(720 * 3600), "default", null, false));
    }

    @Test
    void disruptionBudgets_perPool_withTheCrdDefaultWhenAPoolHasNone() {
        var pool = nodePoolWithBudgets("default", java.util.List.of(java.util.Map.of("nodes", "10%"),
                java.util.Map.of("nodes", "0", "reasons", java.util.List.of("Underutilized"), "schedule", "0 9 * * 1-5", "duration", "8h")));
        assertThat(dev.nodeless.kube.manifests.CrdSchema.load(dev.nodeless.testing.Reference.crd("karpenter.sh_nodepools.yaml"), "v1")
                .problems(pool)).isEmpty();
        kube.client().resource(pool).create();
        kube.client().resource(nodePool("batch", "10", "7")).create();

        assertThat(api.disruptionBudgets()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "default", java.util.List.of(new DriftForecast.Budget("10%", null, null),
                        new DriftForecast.Budget("0", java.util.List.of("Underutilized"), "0 9 * * 1-5")),
                "batch", DriftForecast.CRD_DEFAULT));
    }

    @Test
    void readBuffer_missingObject_saysWhatWasLookedFor() {
        assertThatThrownBy(api::readBuffer).isInstanceOf(dev.nodeless.kube.KubeRejectedException.class)
                .hasMessageContaining("PAUSE_PODS nodeless/pause-pods not found");
    }

    /**
     * The reconcile's per-cluster cost is bounded by pages: Node names and at-risk labels come from metadata-only lists
     * (the Accept header asks for PartialObjectMetadataList), NodeClaims from a paginated list, pods only on the node
     * whose claim expires within the look-ahead (field selector); plus the buffer and the NodePools, one GET each.
     */
    @Test
    void reconcileDryRun_costsOneRequestPerPageOfNodesAndNodeClaims_plusOnePodListPerExpiringNode_plusAConstant() {
        kube.client().resource(pausePods(2)).create();
        int nodes = 1_100; // 3 pages of 500
        for (int i = 0; i < nodes; i++) {
            String node = "ip-10-1-%d-%d.eu-west-1.compute.internal".formatted(i / 256, i % 256);
            String instance = "i-0%016x".formatted(i + 1);
            kube.seed(node(node, instance, "eu-west-1a"));
            // one claim expires 20 minutes from now (inside the 30-minute look-ahead), the others in days
            Instant created = i == 7 ? T0.minus(java.time.Duration.ofHours(720)).plus(java.time.Duration.ofMinutes(20)) : T0.minus(java.time.Duration.ofHours(i % 600));
            var claim = nodeClaim("default-" + i, node, instance, created, "720h");
            kube.seed(claim);
        }
        kube.clearRequests();

        var plan = new dev.nodeless.buffer.BufferService(Clock.fixed(T0, ZoneOffset.UTC)).reconcileNeeded("demo", api,
                new dev.nodeless.buffer.BufferPolicy(2, 100, Resources.of("1", "1Gi"), java.time.Duration.ofMinutes(10), java.time.Duration.ofMinutes(30)));

        assertThat(plan).isPresent();
        assertThat(plan.get().atRisk()).containsExactly("ip-10-1-0-7.eu-west-1.compute.internal");
        assertThat(kube.requests()).containsExactlyInAnyOrder(
                "GET /api/v1/nodes?limit=500", "GET /api/v1/nodes?limit=500&continue=offset-500", "GET /api/v1/nodes?limit=500&continue=offset-1000",
                "GET /apis/karpenter.sh/v1/nodeclaims?limit=500", "GET /apis/karpenter.sh/v1/nodeclaims?limit=500&continue=offset-500",
                "GET /apis/karpenter.sh/v1/nodeclaims?limit=500&continue=offset-1000",
                "GET /api/v1/pods?fieldSelector=spec.nodeName=ip-10-1-0-7.eu-west-1.compute.internal",
                "GET /apis/apps/v1/namespaces/nodeless/deployments/pause-pods",
                "GET /apis/karpenter.sh/v1/nodepools?limit=500",
                "GET /api/v1/nodes?limit=500&labelSelector=" + ResourceNames.AT_RISK_LABEL + "=true");
        assertThat(kube.accepts()).filteredOn(a -> a.startsWith("GET /api/v1/nodes?"))
                .hasSize(4).allMatch(a -> a.endsWith("Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"));
    }

    @Test
    void aMetadataListRefused_isAKubeApiExceptionWithTheCode_whichKubeFailuresRejects() {
        kube.inject(KubeEmulator.Fault.status(r -> r.startsWith("GET /api/v1/nodes?"), 403));
        assertThatThrownBy(api::liveNodes).isInstanceOfSatisfying(dev.nodeless.kube.KubeApiException.class, e -> {
            assertThat(e.code()).isEqualTo(403);
            assertThat(e.reason()).isEqualTo("injected fault");
            assertThat(dev.nodeless.kube.KubeFailures.classify("listing nodes", e)).isInstanceOf(dev.nodeless.kube.KubeRejectedException.class)
                    .hasMessage("listing nodes: HTTP 403: injected fault");
        });
    }

    @Test
    void aServerErrorIsRetriedLikeFabric8Did_thenTheAnswerIsUsed() {
        kube.client().resource(pausePods(2)).create();
        kube.inject(KubeEmulator.Fault.status(r -> r.startsWith("GET /apis/apps/v1"), 503));
        kube.clearRequests();
        assertThat(api.readBuffer().replicas()).isEqualTo(2);
        assertThat(kube.requests()).containsExactly("GET /apis/apps/v1/namespaces/nodeless/deployments/pause-pods",
                "GET /apis/apps/v1/namespaces/nodeless/deployments/pause-pods");
    }

    @Test
    void noAnswer_isCode0_whichKubeFailuresRetries() {
        try (var nowhere = dev.nodeless.kube.KubeRest.connect("http://127.0.0.1:1", null, null, new dev.nodeless.kube.KubeClients.Options(java.time.Duration.ofSeconds(2), 0))) {
            assertThatThrownBy(() -> new KubeClusterApi(nowhere, KubeClusterApi.Backend.PAUSE_PODS, Clock.systemUTC()).liveNodes())
                    .isInstanceOfSatisfying(dev.nodeless.kube.KubeApiException.class, e -> {
                        assertThat(e.code()).isZero();
                        assertThat(dev.nodeless.kube.KubeFailures.classify("listing nodes", e)).isInstanceOf(dev.nodeless.kube.RetryableKubeException.class);
                    });
        }
    }

    /** The CapacityBuffer custom resource, for reading back what the adapter wrote. */
    static final io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext CAPACITY_BUFFERS = new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
            .withGroup("autoscaling.x-k8s.io").withVersion("v1beta1").withKind("CapacityBuffer")
            .withPlural("capacitybuffers").withNamespaced(true).build();
}
