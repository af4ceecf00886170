package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whole apply runs against the fabric8 mock server in CRUD mode. Reads (GET before apply, CRD Established
 * polling) are the real CRUD paths; the writes go through {@link SsaOnCrudDispatcher}, a test stub for
 * server-side apply (CRUD mode has none). What these tests prove is the Applier's own logic over several runs:
 * ordering, waiting, and change reporting from resourceVersions; the SSA wire format is in ApplierRequestsTest.
 */
class ApplierConvergenceTest {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @AfterEach
    void stop() {
        if (client != null) client.close();
        if (server != null) server.destroy();
    }

    private void start(boolean establishCrds) {
        server = KubeMocks.crud(false, new SsaOnCrudDispatcher(establishCrds));
        client = server.createClient();
    }

    @Test
    void applyTwice_createsThenChangesNothing_thenConfiguresOnlyWhatChanged() {
        start(true);
        Applier applier = new Applier(client, Clock.systemUTC(), d -> {}, Duration.ofSeconds(5), Duration.ofMillis(10));

        ApplyReport first = applier.apply(objects(1));
        ApplyReport second = applier.apply(objects(1));
        ApplyReport third = applier.apply(objects(3));

        assertThat(first.objects()).extracting(ApplyReport.Applied::ref).containsExactly(
                "CustomResourceDefinition nodepools.karpenter.sh", "CustomResourceDefinition ec2nodeclasses.karpenter.k8s.aws",
                "Namespace karpenter", "ServiceAccount karpenter/karpenter", "ClusterRole karpenter-core", "Deployment karpenter/karpenter",
                "EC2NodeClass default", "NodePool default");
        assertThat(first.count(ApplyReport.Change.CREATED)).as(first.objects().toString()).isEqualTo(8);
        assertThat(second.count(ApplyReport.Change.UNCHANGED)).isEqualTo(8);
        assertThat(second.changedAnything()).isFalse();
        assertThat(first.changed(2)).isEqualTo("created CustomResourceDefinition nodepools.karpenter.sh, "
                + "created CustomResourceDefinition ec2nodeclasses.karpenter.k8s.aws and 6 more");
        assertThat(third.objects()).filteredOn(a -> a.change() != ApplyReport.Change.UNCHANGED)
                .containsExactly(new ApplyReport.Applied("Deployment karpenter/karpenter", ApplyReport.Change.CONFIGURED));
        assertThat(client.apps().deployments().inNamespace("karpenter").withName("karpenter").get().getSpec().getReplicas()).isEqualTo(3);
        assertThat(client.genericKubernetesResources(KarpenterApi.NODE_POOLS).withName("default").get()).isNotNull();
    }

    @Test
    void crdNotYetEstablished_isPolled_untilTheApiServerMarksIt_thenDependentsAreApplied() {
        start(false);
        List<Duration> sleeps = new ArrayList<>();
        SteppedClock clock = new SteppedClock(Instant.parse("2026-03-01T12:00:00Z"));
        Applier applier = new Applier(client, clock, d -> {
            sleeps.add(d);
            clock.advance(d);
            if (sleeps.size() == 3) markEstablished("nodepools.karpenter.sh"); // the API server catches up
        }, Duration.ofSeconds(60), Duration.ofSeconds(2));

        ApplyReport report = applier.apply(List.of(KubeFixtures.nodePool("default", true), KubeFixtures.nodePoolCrd()));

        assertThat(report.complete()).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(report.objects()).extracting(ApplyReport.Applied::ref).containsExactly("CustomResourceDefinition nodepools.karpenter.sh", "NodePool default");
        assertThat(client.genericKubernetesResources(KarpenterApi.NODE_POOLS).withName("default").get()).isNotNull();
    }

    @Test
    void crdNeverEstablished_givesUpAfterTheBudget_andAReRunFinishes() {
        start(false);
        SteppedClock clock = new SteppedClock(Instant.parse("2026-03-01T12:00:00Z"));
        Applier applier = new Applier(client, clock, clock::advance, Duration.ofSeconds(10), Duration.ofSeconds(2));
        List<HasMetadata> objects = List.of(KubeFixtures.nodePoolCrd(), KubeFixtures.nodePool("default", true));

        ApplyReport waiting = applier.apply(objects);
        assertThat(waiting.pendingCrds()).containsExactly("nodepools.karpenter.sh");
        assertThat(client.genericKubernetesResources(KarpenterApi.NODE_POOLS).withName("default").get()).isNull();

        markEstablished("nodepools.karpenter.sh");
        ApplyReport done = applier.apply(objects);

        assertThat(done.complete()).isTrue();
        assertThat(done.objects()).containsExactly(
                new ApplyReport.Applied("CustomResourceDefinition nodepools.karpenter.sh", ApplyReport.Change.UNCHANGED),
                new ApplyReport.Applied("NodePool default", ApplyReport.Change.CREATED));
    }

    @Test
    void bufferGrownByTheMaintenanceLoop_keepsItsReplicas_whenTheBootstrapAppliesAgain() {
        start(true);
        Applier applier = new Applier(client, Clock.systemUTC(), d -> {}, Duration.ofSeconds(5), Duration.ofMillis(10));
        List<HasMetadata> manifests = List.of(new NamespaceBuilder().withNewMetadata().withName("nodeless").endMetadata().build(),
                ApplierRequestsTest.bufferOf("pause-pods", Deployment.class));
        var buffers = client.apps().deployments().inNamespace("nodeless").withName("pause-pods");

        ApplyReport first = applier.apply(manifests);
        assertThat(first.objects()).contains(new ApplyReport.Applied("Deployment nodeless/pause-pods", ApplyReport.Change.CREATED));
        assertThat(buffers.get().getSpec().getReplicas()).as("created at the baseline").isEqualTo(2);

        // the maintenance loop's own write: one PUT with replicas and the ledger annotation
        var rest = dev.nodeless.kube.KubeRest.connect(server.url("/"), null, null, dev.nodeless.kube.KubeClients.Options.DEFAULT);
        var maintenance = new dev.nodeless.kube.buffer.KubeClusterApi(rest, dev.nodeless.kube.buffer.KubeClusterApi.Backend.PAUSE_PODS, Clock.systemUTC());
        maintenance.writeBuffer(maintenance.readBuffer(), 7, dev.nodeless.buffer.Ledger.EMPTY, null);
        rest.close();
        String grownVersion = buffers.get().getMetadata().getResourceVersion();

        ApplyReport again = applier.apply(manifests);

        assertThat(buffers.get().getSpec().getReplicas()).as("a re-run must not reset the grown buffer").isEqualTo(7);
        assertThat(buffers.get().getMetadata().getAnnotations()).containsKey(dev.nodeless.spec.ResourceNames.LEDGER_ANNOTATION)
                .containsEntry(dev.nodeless.spec.ResourceNames.CREATE_ONLY_FIELDS_ANNOTATION, "spec.replicas");
        assertThat(again.objects()).containsExactly(new ApplyReport.Applied("Namespace nodeless", ApplyReport.Change.UNCHANGED),
                new ApplyReport.Applied("Deployment nodeless/pause-pods", ApplyReport.Change.UNCHANGED));
        assertThat(buffers.get().getMetadata().getResourceVersion()).isEqualTo(grownVersion);
    }

    private void markEstablished(String name) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
        crd.setStatus(new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder()
                .withConditions(KubeFixtures.establishedCondition()).build());
        client.resource(crd).update();
    }

    /** A small cluster's worth of objects in a typical rendered order (custom resources before their CRDs on purpose). */
    private static List<HasMetadata> objects(int replicas) {
        Deployment karpenter = new DeploymentBuilder().withNewMetadata().withName("karpenter").withNamespace("karpenter").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app.kubernetes.io/name", "karpenter")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app.kubernetes.io/name", "karpenter")).endMetadata()
                .withNewSpec().withServiceAccountName("karpenter").addNewContainer().withName("controller")
                .withImage("public.ecr.aws/karpenter/controller:1.14.1").endContainer().endSpec().endTemplate()
                .endSpec().build();
        return List.of(
                new ServiceAccountBuilder().withNewMetadata().withName("karpenter").withNamespace("karpenter").endMetadata().build(),
                new ClusterRoleBuilder().withNewMetadata().withName("karpenter-core").endMetadata()
                        .addNewRule().withApiGroups("karpenter.sh").withResources("nodepools").withVerbs("get", "list", "watch").endRule().build(),
                karpenter,
                KubeFixtures.ec2NodeClass("default"),
                withoutStatus(KubeFixtures.nodePool("default", true)),
                new NamespaceBuilder().withNewMetadata().withName("karpenter").endMetadata().build(),
                KubeFixtures.nodePoolCrd(),
                KubeFixtures.ec2NodeClassCrd());
    }

    private static HasMetadata withoutStatus(io.fabric8.kubernetes.api.model.GenericKubernetesResource r) {
        r.getAdditionalProperties().remove("status");
        return r;
    }
}
