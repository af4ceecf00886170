package dev.nodeless.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.testing.Reference;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders the real upstream charts (reference folder) with the values Nodeless computes. */
class HelmChartRendererTest {

    @TempDir
    Path work;

    private final ClusterSpec spec = SpecFixtures.sampleSpec();
    private final ClusterFacts facts = ClusterFacts.planned(spec);

    private List<HasMetadata> render(ChartRelease release) {
        return new HelmChartRenderer(ChartSource.local(Reference.charts()), work).render(release);
    }

    @Test
    void karpenter_for133_includesCrds_policyV1Pdb_andTheInterruptionQueue() {
        List<HasMetadata> objects = render(ChartReleases.karpenter(spec, facts));

        assertThat(objects).filteredOn(o -> o.getKind().equals("CustomResourceDefinition")).extracting(o -> o.getMetadata().getName())
                .contains("nodepools.karpenter.sh", "ec2nodeclasses.karpenter.k8s.aws", "nodeclaims.karpenter.sh", "capacitybuffers.autoscaling.x-k8s.io");
        assertThat(objects).filteredOn(o -> o.getKind().equals("PodDisruptionBudget")).singleElement()
                .extracting(HasMetadata::getApiVersion).isEqualTo("policy/v1");
        Deployment controller = only(objects, Deployment.class);
        Map<String, String> env = env(controller);
        assertThat(env).containsEntry("INTERRUPTION_QUEUE", "nodeless_nodeless-demo")
                .containsEntry("CLUSTER_NAME", "nodeless-demo")
                .containsEntry("CLUSTER_ENDPOINT", ClusterFacts.PLANNED_ENDPOINT);
        assertThat(controller.getMetadata().getNamespace()).isEqualTo("karpenter");
        assertThat(only(objects, ServiceAccount.class).getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::000000000000:role/nodeless/nodeless-nodeless-demo-karpenter");
        assertThat(controller.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests())
                .containsKeys("cpu", "memory");
    }

    @Test
    void karpenter_withCapacityBufferBackend_turnsItsFeatureGateOn() {
        ClusterSpec cb = new ClusterSpec(spec.clusterName(), spec.region(), spec.kubernetesVersion(), spec.endpoint(), spec.network(),
                spec.admins(), spec.karpenter(), new ClusterSpec.Buffer("capacity-buffer", 2, 20, spec.buffer().pod(), "30m", "10m"),
                spec.addons(), spec.tags());

        String gates = env(only(render(ChartReleases.karpenter(cb, facts)), Deployment.class)).get("FEATURE_GATES");

        assertThat(gates).contains("CapacityBuffer=true");
        assertThat(env(only(render(ChartReleases.karpenter(spec, facts)), Deployment.class)).get("FEATURE_GATES"))
                .contains("CapacityBuffer=false");
    }

    @Test
    void loadBalancerController_getsClusterVpcAndRegion_whichFargateCannotDiscover() {
        List<HasMetadata> objects = render(ChartReleases.loadBalancerController(spec, facts));

        Deployment d = only(objects, Deployment.class);
        assertThat(d.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--cluster-name=nodeless-demo", "--aws-vpc-id=vpc-PLANNED", "--aws-region=ap-northeast-2",
                        "--default-target-type=ip", "--enable-backend-security-group=true");
        assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("aws-load-balancer-controller");
        assertThat(only(objects, ServiceAccount.class).getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::000000000000:role/nodeless/nodeless-nodeless-demo-lbc");
    }

    @Test
    void externalDns_isLimitedToTheDomainAndZone_andOwnsRecordsAsTheCluster() {
        List<HasMetadata> objects = render(ChartReleases.externalDns(spec, facts));

        Deployment d = only(objects, Deployment.class);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains(
                "--provider=aws", "--policy=sync", "--registry=txt", "--txt-owner-id=nodeless-demo",
                "--domain-filter=nodeless.example.com", "--zone-id-filter=Z0123456789ABCDEFGHIJ");
        assertThat(env(d)).containsEntry("AWS_DEFAULT_REGION", "ap-northeast-2");
        assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("external-dns");
        assertThat(only(objects, ServiceAccount.class).getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::000000000000:role/nodeless/nodeless-nodeless-demo-dns");
    }

    @Test
    void missingChart_failsNamingWhereItLooked() {
        ChartRelease release = new ChartRelease("karpenter", "0.27.0", "karpenter", "karpenter", "1.33", Map.of());

        assertThatThrownBy(() -> new HelmChartRenderer(ChartSource.local(work), work).render(release))
                .isInstanceOf(ChartRenderException.class)
                .hasMessage("chart karpenter 0.27.0 not found: expected an unpacked chart in " + work.resolve("karpenter-0.27.0"));
    }

    static <T> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as("exactly one " + type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }

    static Map<String, String> env(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
