package dev.nodeless.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.nodeless.chart.ChartRepositoryServer.Request;
import dev.nodeless.chart.ChartRepositoryServer.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloading and caching small charts of our own from {@link ChartRepositoryServer}, the hand-written stand-in for a
 * Helm repository and an OCI registry: protocol steps, digest checks, failure classification, cache behaviour.
 */
class HttpChartFetcherTest {

    private static final String CHART_YAML = "apiVersion: v2\nname: probe\nversion: 0.1.0\n";

    @TempDir
    Path cacheRoot;

    private final ChartRepositoryServer server = new ChartRepositoryServer();
    private final byte[] probe = new TarGz().file("probe/Chart.yaml", CHART_YAML).file("probe/templates/cm.yaml", "kind: ConfigMap\n").gzip();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpChartFetcher classic() {
        return new HttpChartFetcher(Map.of("probe", new ChartRepository.Classic(server.base().resolve("/repo"))), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private HttpChartFetcher oci() {
        return new HttpChartFetcher(Map.of("probe", new ChartRepository.Oci(server.base(), "charts/probe")), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private Path cached(ChartFetcher fetcher) throws Exception {
        return new ChartCache(cacheRoot, fetcher).directory("probe", "0.1.0");
    }

    @Test
    void classicRepository_resolvesTheIndexedUrlAgainstTheRepository_andUnpacksTheArchive() throws Exception {
        server.classicChart("repo", "probe", "0.1.0", probe, HttpChartFetcher.sha256(probe));

        Path dir = cached(classic());

        assertThat(dir).isEqualTo(cacheRoot.resolve("probe-0.1.0"));
        assertThat(dir.resolve("templates/cm.yaml")).hasContent("kind: ConfigMap");
        assertThat(server.requests()).extracting(Request::path).containsExactly("/repo/index.yaml", "/repo/charts/probe-0.1.0.tgz");
    }

    @Test
    void ociRegistry_answers401_thenTheChallengeRealmGivesAPullToken_usedForManifestAndBlob() throws Exception {
        server.ociChart("charts/probe", "0.1.0", probe);
        String blob = "/v2/charts/probe/blobs/sha256:" + HttpChartFetcher.sha256(probe);

        Path dir = cached(oci());

        assertThat(dir.resolve("Chart.yaml")).hasContent(CHART_YAML.strip());
        assertThat(server.requests()).extracting(Request::path, Request::authorization).containsExactly(
                tuple("/v2/charts/probe/manifests/0.1.0", null),
                tuple("/token/", null),
                tuple("/v2/charts/probe/manifests/0.1.0", "Bearer " + ChartRepositoryServer.TOKEN),
                tuple(blob, "Bearer " + ChartRepositoryServer.TOKEN));
        assertThat(server.requests().get(1).query()).as("the challenge's service and scope, plus the repository's pull scope")
                .isEqualTo("service=test-registry&scope=aws&scope=repository%3Acharts%2Fprobe%3Apull");
        assertThat(server.requests().get(2).accept()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    }

    @Test
    void secondRequest_isServedFromTheCache_withoutAnyHttpRequest() throws Exception {
        server.ociChart("charts/probe", "0.1.0", probe);
        cached(oci());
        int before = server.requests().size();

        Path again = new ChartCache(cacheRoot, oci()).directory("probe", "0.1.0");

        assertThat(again.resolve("Chart.yaml")).exists();
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void classicDigestMismatch_failsNamingTheUrl_andLeavesNoCacheEntry() {
        server.classicChart("repo", "probe", "0.1.0", probe, "ab".repeat(32));

        assertThatThrownBy(() -> cached(classic()))
                .isInstanceOf(ChartRenderException.class).isNotInstanceOf(RetryableChartException.class)
                .hasMessage("fetching chart probe 0.1.0: the archive from " + server.base() + "/repo/charts/probe-0.1.0.tgz has sha256 "
                        + HttpChartFetcher.sha256(probe) + " but its digest is " + "ab".repeat(32) + "; refusing it (corrupted or tampered download)");
        assertThat(entries(cacheRoot)).isEmpty();
    }

    @Test
    void ociBlobNotMatchingItsDigest_isRefused_andLeavesNoCacheEntry() {
        server.ociChart("charts/probe", "0.1.0", probe);
        server.replaceBlob("sha256:" + HttpChartFetcher.sha256(probe), new TarGz().file("probe/Chart.yaml", CHART_YAML).file("probe/x.yaml", "evil").gzip());

        assertThatThrownBy(() -> cached(oci()))
                .hasMessageContaining("fetching chart probe 0.1.0: the archive from " + server.base() + "/v2/charts/probe/blobs/sha256:")
                .hasMessageEndingWith("refusing it (corrupted or tampered download)");
        assertThat(entries(cacheRoot)).isEmpty();
    }

    @Test
    void pathTraversalArchive_withAValidDigest_isRejected_andLeavesNoCacheEntry() {
        byte[] evil = new TarGz().file("probe/Chart.yaml", CHART_YAML).file("probe/../../../escaped.txt", "owned").gzip();
        server.classicChart("repo", "probe", "0.1.0", evil, HttpChartFetcher.sha256(evil));

        assertThatThrownBy(() -> cached(classic()))
                .hasMessage("fetching chart probe 0.1.0: refusing the archive: entry 'probe/../../../escaped.txt' contains '..'");
        assertThat(entries(cacheRoot)).as("no cache entry and no staging folder left").isEmpty();
        assertThat(cacheRoot.getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void archiveHoldingAnotherChart_isRejected() {
        byte[] other = new TarGz().file("probe/Chart.yaml", "apiVersion: v2\nname: probe\nversion: 9.9.9\n").gzip();
        server.classicChart("repo", "probe", "0.1.0", other, HttpChartFetcher.sha256(other));

        assertThatThrownBy(() -> cached(classic()))
                .hasMessage("fetching chart probe 0.1.0: the archive holds chart probe 9.9.9 instead");
        assertThat(entries(cacheRoot)).isEmpty();
    }

    @Test
    void serverErrorsAndThrottling_areRetryable_andNameTheUrl() {
        server.serve("/repo/index.yaml", Response.of(503, "text/plain", "slow down".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> cached(classic()))
                .isInstanceOf(RetryableChartException.class)
                .hasMessage("fetching chart probe 0.1.0: GET " + server.base() + "/repo/index.yaml answered HTTP 503 (slow down); retry later");

        server.serve("/repo/index.yaml", Response.of(429, "text/plain", new byte[0]));
        assertThatThrownBy(() -> cached(classic())).isInstanceOf(RetryableChartException.class).hasMessageContaining("HTTP 429");
    }

    @Test
    void unreachableRepository_isRetryable() {
        URI closed = server.base();
        server.close();

        assertThatThrownBy(() -> cached(classic()))
                .isInstanceOf(RetryableChartException.class)
                .hasMessageStartingWith("fetching chart probe 0.1.0: GET " + closed + "/repo/index.yaml failed: ");
    }

    @Test
    void versionMissingFromTheIndex_failsWithoutRetry() {
        server.classicChart("repo", "probe", "0.2.0", probe, HttpChartFetcher.sha256(probe));

        assertThatThrownBy(() -> cached(classic()))
                .isInstanceOf(ChartRenderException.class).isNotInstanceOf(RetryableChartException.class)
                .hasMessage("fetching chart probe 0.1.0: " + server.base() + "/repo/index.yaml lists no such version of probe");
    }

    @Test
    void unknownOciTag_failsAsNotFound() {
        server.ociChart("charts/probe", "0.2.0", probe);

        assertThatThrownBy(() -> cached(oci()))
                .isInstanceOf(ChartRenderException.class).isNotInstanceOf(RetryableChartException.class)
                .hasMessageStartingWith("fetching chart probe 0.1.0: GET " + server.base() + "/v2/charts/probe/manifests/0.1.0 answered HTTP 404")
                .hasMessageEndingWith("(not found: check the chart name and version)");
    }

    @Test
    void blobRedirectedToAnotherOrigin_isFetchedWithoutTheRegistryToken() throws Exception {
        try (ChartRepositoryServer storage = new ChartRepositoryServer()) {
            String digest = "sha256:" + HttpChartFetcher.sha256(probe);
            storage.serve("/presigned/blob", Response.of(200, "application/octet-stream", probe));
            server.ociChart("charts/probe", "0.1.0", probe);
            server.redirectBlob(digest, storage.base().resolve("/presigned/blob?X-Amz-Signature=abc"));

            assertThat(cached(oci()).resolve("Chart.yaml")).exists();

            assertThat(storage.requests()).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/presigned/blob");
                assertThat(r.authorization()).as("a pre-signed URL rejects a second credential").isNull();
            });
        }
    }

    @Test
    void versionWithPathCharacters_isRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> new ChartCache(cacheRoot, classic()).directory("probe", "../../etc"))
                .hasMessage("fetching chart probe ../../etc: the chart name and version may contain only letters, digits and . _ + -");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void upstreamDefaults_areTheChartsPublishedHomes() {
        assertThat(ChartRepository.upstream()).containsOnly(
                Map.entry("karpenter", new ChartRepository.Oci(URI.create("https://public.ecr.aws"), "karpenter/karpenter")),
                Map.entry("aws-load-balancer-controller", new ChartRepository.Classic(URI.create("https://aws.github.io/eks-charts/"))),
                Map.entry("external-dns", new ChartRepository.Classic(URI.create("https://kubernetes-sigs.github.io/external-dns/"))));
    }

    private static List<Path> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
