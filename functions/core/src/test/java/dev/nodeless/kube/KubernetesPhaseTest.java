package dev.nodeless.kube;

import dev.nodeless.aws.AwsAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.spec.ClusterSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
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

/**
 * The phase service end to end over HTTPS against the fabric8 mock server in CRUD mode, with writes through
 * the {@link SsaOnCrudDispatcher} test stub (CRUD mode has no server-side apply). EKS DescribeCluster is
 * replaced by a {@link ClusterAccess} that answers from a map: its real adapter is {@link EksClusterAccess}.
 */
class KubernetesPhaseTest {

    private static final AwsAccount ACCOUNT = AwsAccount.fromFunctionArn("arn:aws:lambda:eu-west-1:111122223333:function:nodeless-ApplyKubernetesFunction-abc");
    private static final ClusterSpec SPEC = new ClusterSpec("demo", "eu-west-1", "1.33", null, null, List.of(), null, null, null, Map.of());

    private KubernetesMockServer server;
    private final Map<String, ClusterInfo> clusters = new java.util.HashMap<>();
    private final List<ClusterFacts> factsSeen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = KubeMocks.crud(true, new SsaOnCrudDispatcher(true));
        String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(server.getSelfSignedCertificate().certificatePath())));
        clusters.put("demo", new ClusterInfo("demo", "ACTIVE", "1.33", "vpc-0abc",
                new ClusterEndpoint("demo", server.url("/").replaceAll("/$", ""), ca)));
    }

    @AfterEach
    void stop() { server.destroy(); }

    private KubernetesPhase phase() {
        ClusterAccess access = new ClusterAccess() {
            @Override public Optional<ClusterInfo> find(String region, String name) { return Optional.ofNullable(clusters.get(name)); }
            @Override public KubernetesClient connect(String region, ClusterEndpoint e) {
                return KubeClients.connect(e, () -> "k8s-aws-v1.test", new KubeClients.Options(Duration.ofSeconds(10), 0));
            }
        };
        return new KubernetesPhase(access, (spec, facts) -> { factsSeen.add(facts); return objects(); },
                client -> new Applier(client, Clock.systemUTC(), d -> {}, Duration.ofSeconds(5), Duration.ofMillis(10)));
    }

    @Test
    void applyTwice_createsThenReportsUnchanged_withFactsFromTheClusterAndAccount() {
        StepResult first = phase().apply(new StepInput(SPEC, null, Map.of()), ACCOUNT);
        StepResult second = phase().apply(new StepInput(SPEC, null, Map.of()), ACCOUNT);

        assertThat(first.status()).isEqualTo(StepResult.CREATED);
        assertThat(first.done()).isTrue();
        assertThat(first.details()).containsEntry("created", "4").containsEntry("unchanged", "0");
        assertThat(second.status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(first.details()).containsEntry("changed", "created CustomResourceDefinition nodepools.karpenter.sh, created Namespace karpenter, "
                + "created ServiceAccount karpenter/karpenter, created NodePool default");
        assertThat(second.details()).containsEntry("unchanged", "4").doesNotContainKey("changed");
        ClusterFacts facts = factsSeen.get(0);
        assertThat(facts.kubernetesVersion()).isEqualTo("1.33");
        assertThat(facts.vpcId()).isEqualTo("vpc-0abc");
        assertThat(facts.karpenterRoleArn()).isEqualTo("arn:aws:iam::111122223333:role/nodeless/nodeless-demo-karpenter");
        assertThat(facts.loadBalancerControllerRoleArn()).isEqualTo("arn:aws:iam::111122223333:role/nodeless/nodeless-demo-lbc");
        assertThat(facts.nodeRoleName()).isEqualTo("nodeless-demo-node");
        assertThat(facts.interruptionQueueName()).isEqualTo("nodeless_demo");
    }

    @Test
    void applyOnMissingCluster_failsWithReason_andVerifyToo_butTeardownIsAbsent() {
        clusters.clear();

        StepResult apply = phase().apply(new StepInput(SPEC, null, Map.of()), ACCOUNT);
        StepResult verify = phase().verify(new StepInput(SPEC, null, Map.of()));
        StepResult teardown = phase().teardown(new StepInput(SPEC, null, Map.of()));

        assertThat(apply.status()).isEqualTo(StepResult.FAILED);
        assertThat(apply.reason()).contains("cluster demo in eu-west-1 does not exist", "run ensureCluster first");
        assertThat(verify.status()).isEqualTo(StepResult.FAILED);
        assertThat(teardown.status()).isEqualTo(StepResult.ABSENT);
        assertThat(teardown.done()).isTrue();
        assertThat(factsSeen).isEmpty();
    }

    @Test
    void teardownWhileClusterIsCreating_waits() {
        clusters.put("demo", new ClusterInfo("demo", "CREATING", "1.33", "vpc-0abc", null));

        StepResult r = phase().teardown(new StepInput(SPEC, null, Map.of()));

        assertThat(r.done()).isFalse();
        assertThat(r.reason()).contains("is CREATING");
    }

    @Test
    void missingSpec_isFailedWithoutTouchingAnything() {
        StepResult r = phase().apply(new StepInput(null, null, Map.of()), ACCOUNT);

        assertThat(r.status()).isEqualTo(StepResult.FAILED);
        assertThat(r.reason()).contains("spec.clusterName and spec.region");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void verifyAndTeardown_onAFreshCluster_reportWhatTheySee() {
        phase().apply(new StepInput(SPEC, null, Map.of()), ACCOUNT);

        StepResult verify = phase().verify(new StepInput(SPEC, null, Map.of()));
        StepResult teardown = phase().teardown(new StepInput(SPEC, null, Map.of()));

        assertThat(verify.done()).isFalse();
        assertThat(verify.details()).containsEntry("endpoint", clusters.get("demo").endpoint().url());
        assertThat(verify.reason()).contains("no coredns pods yet", "NodePool default not Ready");
        assertThat(teardown.details().get("deleted")).isEqualTo("NodePool default");
    }

    private static List<HasMetadata> objects() {
        var pool = KubeFixtures.nodePool("default", true);
        pool.getAdditionalProperties().remove("status");
        return List.of(
                new NamespaceBuilder().withNewMetadata().withName("karpenter").endMetadata().build(),
                new ServiceAccountBuilder().withNewMetadata().withName("karpenter").withNamespace("karpenter").endMetadata().build(),
                KubeFixtures.nodePoolCrd(),
                pool);
    }
}
