package dev.nodeless.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.aws.AwsAccount;
import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.chart.ChartReleases;
import dev.nodeless.chart.ChartSource;
import dev.nodeless.chart.HelmChartRenderer;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.testing.Reference;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-runs converge: the real AWS Load Balancer Controller chart (reference folder) rendered by helm-java and applied
 * twice through the phase against the fabric8 mock server in CRUD mode (writes through the {@link SsaOnCrudDispatcher}
 * test stub, as CRUD mode has no server-side apply). The chart makes a new webhook certificate per render unless given
 * one, so only reading the cluster's Secret back makes the second apply "unchanged".
 */
class LoadBalancerControllerRerunTest {

    private static final AwsAccount ACCOUNT = AwsAccount.fromFunctionArn("arn:aws:lambda:eu-west-1:111122223333:function:nodeless-ApplyKubernetesFunction-abc");

    @TempDir
    Path work;

    private KubernetesMockServer server;
    private ClusterInfo cluster;
    private final ClusterSpec spec = SpecFixtures.sampleSpec();
    private final List<ClusterFacts> factsSeen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = KubeMocks.crud(true, new SsaOnCrudDispatcher(true));
        String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(server.getSelfSignedCertificate().certificatePath())));
        cluster = new ClusterInfo(spec.clusterName(), "ACTIVE", "1.33", "vpc-0abc", new ClusterEndpoint(spec.clusterName(), server.url("/").replaceAll("/$", ""), ca));
    }

    @AfterEach
    void stop() { server.destroy(); }

    /** The chart's objects except its CRDs and custom objects (the CRD lifecycle is another test's). */
    private List<HasMetadata> lbcObjects(ClusterSpec s, ClusterFacts facts) {
        factsSeen.add(facts);
        return new HelmChartRenderer(ChartSource.local(Reference.charts()), work).render(ChartReleases.of(s, facts).stream()
                .filter(r -> r.chart().equals("aws-load-balancer-controller")).findFirst().orElseThrow()).stream()
                .filter(o -> !o.getKind().equals("CustomResourceDefinition") && !o.getApiVersion().contains("k8s.aws"))
                .map(o -> { if (o.getMetadata().getNamespace() == null && namespaced(o)) o.getMetadata().setNamespace("kube-system"); return o; })
                .toList();
    }

    private static boolean namespaced(HasMetadata o) {
        return !List.of("ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "IngressClass")
                .contains(o.getKind());
    }

    private KubernetesPhase phase() {
        ClusterAccess access = new ClusterAccess() {
            @Override public Optional<ClusterInfo> find(String region, String name) { return Optional.of(cluster); }
            @Override public KubernetesClient connect(String region, ClusterEndpoint e) {
                return KubeClients.connect(e, () -> "k8s-aws-v1.test", new KubeClients.Options(Duration.ofSeconds(10), 0));
            }
        };
        return new KubernetesPhase(access, this::lbcObjects,
                client -> new Applier(client, Clock.systemUTC(), d -> {}, Duration.ofSeconds(5), Duration.ofMillis(10)));
    }

    @Test
    void secondApply_keepsTheWebhookCertificate_andChangesNothing() {
        StepResult first = phase().apply(new StepInput(spec, null, Map.of()), ACCOUNT);
        StepResult second = phase().apply(new StepInput(spec, null, Map.of()), ACCOUNT);

        assertThat(first.status()).isEqualTo(StepResult.CREATED);
        assertThat(first.details().get("changed")).contains("Secret kube-system/aws-load-balancer-tls", "MutatingWebhookConfiguration");
        assertThat(factsSeen.get(0).loadBalancerControllerWebhook()).as("nothing to keep on a new cluster").isNull();
        assertThat(factsSeen.get(1).loadBalancerControllerWebhook()).as("read back from the cluster").isNotNull();
        assertThat(second.status()).as(second.details().toString()).isEqualTo(StepResult.UNCHANGED);
        assertThat(second.details()).doesNotContainKey("changed");
        try (KubernetesClient client = server.createClient()) {
            var secret = client.secrets().inNamespace("kube-system").withName("aws-load-balancer-tls").get();
            var webhook = client.resources(MutatingWebhookConfiguration.class).list().getItems().get(0);
            assertThat(webhook.getWebhooks().get(0).getClientConfig().getCaBundle()).isEqualTo(secret.getData().get("ca.crt"));
            assertThat(new String(Base64.getDecoder().decode(secret.getData().get("tls.crt")))).startsWith("-----BEGIN CERTIFICATE-----");
        }
    }

    @Test
    void withoutTheKeptCertificate_everyRenderMakesANewOne_whichIsWhyItIsReadBack() {
        ClusterFacts facts = ClusterFacts.derive(spec, "111122223333", "vpc-0abc", "1.33", null);

        String a = secretCa(lbcObjects(spec, facts));
        String b = secretCa(lbcObjects(spec, facts));

        assertThat(a).isNotEqualTo(b);
    }

    private static String secretCa(List<HasMetadata> objects) {
        return objects.stream().filter(o -> o instanceof io.fabric8.kubernetes.api.model.Secret).map(o -> ((io.fabric8.kubernetes.api.model.Secret) o).getData().get("ca.crt"))
                .findFirst().orElseThrow();
    }
}
