package dev.nodeless.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.chart.ChartRepositoryServer.Request;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.SpecFixtures;
import dev.nodeless.testing.Reference;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production path end to end without internet: the real reference charts, packaged by Helm itself
 * ({@code helm package} through helm-java), served by {@link ChartRepositoryServer} (the hand-written stand-in for a
 * classic repository and an OCI registry), fetched and rendered by {@link HelmChartRenderer} for
 * {@link ChartSource.Upstream}; the result must equal rendering the unpacked folder.
 */
class UpstreamChartRenderingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @TempDir
    static Path packages;
    @TempDir
    Path work;
    @TempDir
    Path localWork;

    private static byte[] loadBalancerController;
    private static byte[] karpenter;

    private final ClusterSpec spec = SpecFixtures.sampleSpec();
    private final ClusterFacts facts = ClusterFacts.planned(spec);
    private final ChartRepositoryServer server = new ChartRepositoryServer();

    @BeforeAll
    static void packageReferenceCharts() throws Exception {
        loadBalancerController = helmPackage("aws-load-balancer-controller-3.5.0");
        karpenter = helmPackage("karpenter-1.14.1");
    }

    private static byte[] helmPackage(String folder) throws Exception {
        new Helm(Reference.charts().resolve(folder)).packageIt().withDestination(packages).call();
        return Files.readAllBytes(packages.resolve(folder + ".tgz"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HelmChartRenderer upstream() {
        HttpChartFetcher fetcher = new HttpChartFetcher(Map.of(
                "aws-load-balancer-controller", new ChartRepository.Classic(server.base().resolve("/eks-charts")),
                "karpenter", new ChartRepository.Oci(server.base(), "karpenter/karpenter")),
                Duration.ofSeconds(2), Duration.ofSeconds(10));
        return new HelmChartRenderer(ChartSource.upstream(), work, fetcher);
    }

    private List<HasMetadata> local(ChartRelease release) {
        return new HelmChartRenderer(ChartSource.local(Reference.charts()), localWork).render(release);
    }

    @Test
    void loadBalancerController_fromAClassicRepository_rendersLikeTheLocalFolder_lookupRewriteAndCrdsIncluded() {
        server.classicChart("eks-charts", "aws-load-balancer-controller", "3.5.0", loadBalancerController, HttpChartFetcher.sha256(loadBalancerController));
        ChartRelease release = ChartReleases.loadBalancerController(spec, facts);

        List<HasMetadata> fetched = upstream().render(release);

        assertThat(fetched).filteredOn(o -> o.getKind().equals("CustomResourceDefinition")).isNotEmpty();
        assertThat(fetched).filteredOn(o -> o.getKind().equals("MutatingWebhookConfiguration")).isNotEmpty();
        assertThat(withoutGeneratedCerts(fetched)).isEqualTo(withoutGeneratedCerts(local(release)));
        assertThat(work.resolve("cache/aws-load-balancer-controller-3.5.0/Chart.yaml")).exists();
    }

    @Test
    void karpenter_fromAnOciRegistry_rendersWithItsCrds_likeTheLocalFolder() {
        server.ociChart("karpenter/karpenter", "1.14.1", karpenter);
        ChartRelease release = ChartReleases.karpenter(spec, facts);

        List<HasMetadata> fetched = upstream().render(release);

        assertThat(fetched).filteredOn(o -> o.getKind().equals("CustomResourceDefinition")).extracting(o -> o.getMetadata().getName())
                .contains("nodepools.karpenter.sh", "ec2nodeclasses.karpenter.k8s.aws", "nodeclaims.karpenter.sh", "capacitybuffers.autoscaling.x-k8s.io");
        assertThat(asJson(fetched)).isEqualTo(asJson(local(release)));
        assertThat(server.requests()).extracting(Request::path).containsExactly(
                "/v2/karpenter/karpenter/manifests/1.14.1", "/token/", "/v2/karpenter/karpenter/manifests/1.14.1",
                "/v2/karpenter/karpenter/blobs/sha256:" + HttpChartFetcher.sha256(karpenter));
    }

    @Test
    void secondRender_inTheSameWorkDir_sendsNoRequest() {
        server.ociChart("karpenter/karpenter", "1.14.1", karpenter);
        ChartRelease release = ChartReleases.karpenter(spec, facts);
        List<HasMetadata> first = upstream().render(release);
        int requests = server.requests().size();

        List<HasMetadata> second = upstream().render(release); // a new renderer, as after a Lambda cold start reusing /tmp

        assertThat(server.requests()).hasSize(requests);
        assertThat(asJson(second)).isEqualTo(asJson(first));
    }

    /** The chart generates a fresh CA and serving certificate on every render (genCA): compare everything else. */
    private static List<JsonNode> withoutGeneratedCerts(List<HasMetadata> objects) {
        List<JsonNode> nodes = asJson(objects);
        for (JsonNode n : nodes) {
            if (n.path("kind").asText().equals("Secret") && n.path("type").asText().equals("kubernetes.io/tls")) ((ObjectNode) n).remove("data");
            for (JsonNode webhook : n.path("webhooks")) ((ObjectNode) webhook.path("clientConfig")).remove("caBundle");
        }
        return nodes;
    }

    private static List<JsonNode> asJson(List<HasMetadata> objects) {
        return objects.stream().map(o -> {
            try {
                return JSON.readTree(SERIALIZATION.asJson(o));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
