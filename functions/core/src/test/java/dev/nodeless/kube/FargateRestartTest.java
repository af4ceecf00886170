package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.bootstrap.StepResult;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rollout restart of the Fargate Deployments against the fabric8 mock server in CRUD mode (merge patch works there). */
class FargateRestartTest {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = KubeMocks.crud(false);
        client = server.createClient();
        deployment("kube-system", "coredns", 2);
        deployment("karpenter", "karpenter", 2);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void restartsEachDeploymentOncePerVersion_thenWaitsForTheRollout() {
        StepResult first = new FargateRestart().restart(client, "1.33");

        assertThat(first.done()).isFalse();
        assertThat(first.reason()).isEqualTo("restarted [kube-system/coredns, karpenter/karpenter] ");
        assertThat(annotation("kube-system", "coredns")).isEqualTo("1.33");
        assertThat(annotation("karpenter", "karpenter")).isEqualTo("1.33");
        String corednsVersion = get("kube-system", "coredns").getMetadata().getResourceVersion();

        // The pods have not rolled yet (the mock has no controller): wait, and patch nothing again.
        StepResult second = new FargateRestart().restart(client, "1.33");
        assertThat(second.done()).isFalse();
        assertThat(second.reason()).isEqualTo("rolling out [kube-system/coredns, karpenter/karpenter]");
        assertThat(get("kube-system", "coredns").getMetadata().getResourceVersion()).isEqualTo(corednsVersion);

        rolledOut("kube-system", "coredns");
        rolledOut("karpenter", "karpenter");
        StepResult done = new FargateRestart().restart(client, "1.33");
        assertThat(done.done()).isTrue();
        assertThat(done.details()).containsEntry("kube-system/coredns", "running for 1.33");

        // The next version restarts them again.
        assertThat(new FargateRestart().restart(client, "1.34").reason()).startsWith("restarted [kube-system/coredns, karpenter/karpenter]");
        assertThat(annotation("kube-system", "coredns")).isEqualTo("1.34");
    }

    @Test
    void anAbsentDeployment_isSaid_notCreated() {
        client.apps().deployments().inNamespace("karpenter").withName("karpenter").delete();

        StepResult r = new FargateRestart().restart(client, "1.33");

        assertThat(r.details()).containsEntry("karpenter/karpenter", "absent");
        assertThat(get("karpenter", "karpenter")).isNull();
    }

    private void deployment(String ns, String name, int replicas) {
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .withGeneration(1L).endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec().addNewContainer().withName(name)
                .withImage("example/" + name).endContainer().endSpec().endTemplate().endSpec()
                .withStatus(new DeploymentStatusBuilder().withObservedGeneration(1L).withReplicas(replicas).withUpdatedReplicas(replicas)
                        .withAvailableReplicas(replicas).build()).build()).create();
    }

    /** What the Deployment controller reports once the new pods are up (the mock has no controller). */
    private void rolledOut(String ns, String name) {
        Deployment d = get(ns, name);
        d.getMetadata().setGeneration(2L);
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(2).withAvailableReplicas(2).build());
        client.apps().deployments().inNamespace(ns).resource(d).update();
    }

    private Deployment get(String ns, String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get();
    }

    private String annotation(String ns, String name) {
        return get(ns, name).getSpec().getTemplate().getMetadata().getAnnotations().get(FargateRestart.ANNOTATION);
    }
}
