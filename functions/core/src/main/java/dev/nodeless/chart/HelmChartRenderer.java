package dev.nodeless.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders charts in-process with helm-java (Helm's Go library through JNI): no helm binary, no cluster.
 * The output is what {@code helm template --include-crds --kube-version <v>} prints: helm-java's template leaves
 * the {@code crds/} folder out, so the CRDs are read from that folder and put first.
 * <p>
 * Every chart is rendered from an unpacked folder: a {@link ChartSource.Local} one as it is, an
 * {@link ChartSource.Upstream} one after a {@link ChartFetcher} has downloaded it into {@code <workDir>/cache/}
 * (once per work dir). One code path, so the {@code lookup} rewrite of {@link OfflineChart} and the CRD read apply
 * to production charts too; helm-java's own repository support would bypass both.
 */
public final class HelmChartRenderer implements ChartRenderer {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ChartSource source;
    private final Path workDir;
    private final ChartFetcher fetcher;

    /**
     * @param workDir where values files, chart copies and the cache of fetched charts go; {@code /tmp/...} in Lambda,
     *                where the cache outlives one invocation
     */
    public HelmChartRenderer(ChartSource source, Path workDir) {
        this(source, workDir, source instanceof ChartSource.Upstream ? new HttpChartFetcher() : null);
    }

    /** @param fetcher downloads {@link ChartSource.Upstream} charts (unused for local ones) */
    public HelmChartRenderer(ChartSource source, Path workDir, ChartFetcher fetcher) {
        this.source = source;
        this.workDir = workDir;
        this.fetcher = fetcher;
    }

    @Override
    public List<HasMetadata> render(ChartRelease r) {
        String what = "rendering chart " + r.chart() + " " + r.version() + " from " + source.describe(r.chart(), r.version())
                + " for Kubernetes " + r.kubeVersion();
        try {
            Files.createDirectories(workDir);
            Path original = unpacked(r.chart(), r.version());
            Path chart = OfflineChart.prepare(original, workDir);
            try {
                return combine(crdsOf(original), template(new Helm(chart).template(), r));
            } finally {
                OfflineChart.deleteCopy(original, chart);
            }
        } catch (ChartRenderException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ChartRenderException(what + " failed: " + e.getMessage(), e);
        }
    }

    private Path unpacked(String chart, String version) throws IOException {
        if (source instanceof ChartSource.Local local) return local.directory(chart, version);
        if (fetcher == null) throw new ChartRenderException("rendering chart " + chart + " " + version + ": no ChartFetcher for upstream charts");
        return new ChartCache(workDir.resolve("cache"), fetcher).directory(chart, version);
    }

    private String template(TemplateCommand command, ChartRelease r) throws IOException {
        Path values = Files.createTempFile(workDir, r.releaseName() + "-values-", ".yaml");
        try {
            YAML.writeValue(values.toFile(), r.values());
            return command.withName(r.releaseName())
                    .withNamespace(r.namespace())
                    .withKubeVersion(r.kubeVersion())
                    .withValuesFile(values)
                    .call();
        } finally {
            Files.deleteIfExists(values);
        }
    }

    /** Helm installs every file of the chart's {@code crds/} folder, untemplated, in file name order. */
    private static List<HasMetadata> crdsOf(Path chart) throws IOException {
        Path dir = chart.resolve("crds");
        List<HasMetadata> crds = new ArrayList<>();
        if (!Files.isDirectory(dir)) return crds;
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) crds.addAll(RenderedYaml.parse(Files.readString(f)));
            }
        }
        return crds;
    }

    private static List<HasMetadata> combine(List<HasMetadata> crds, String rendered) {
        List<HasMetadata> all = new ArrayList<>(crds);
        all.addAll(RenderedYaml.parse(rendered));
        return all;
    }
}
