package dev.nodeless.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders charts in-process with helm-java (Helm's Go library through JNI): no helm binary, no cluster.
 * The output is what {@code helm template --include-crds --kube-version <v>} prints: helm-java's template leaves
 * the {@code crds/} folder out, so the CRDs come from {@code helm show crds} and are put first.
 */
public final class HelmChartRenderer implements ChartRenderer {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ChartSource source;
    private final Path workDir;

    /** @param workDir where values files, chart copies and upstream repository configs go; {@code /tmp} in Lambda */
    public HelmChartRenderer(ChartSource source, Path workDir) {
        this.source = source;
        this.workDir = workDir;
    }

    @Override
    public List<HasMetadata> render(ChartRelease r) {
        String what = "rendering chart " + r.chart() + " " + r.version() + " from " + source.describe(r.chart(), r.version())
                + " for Kubernetes " + r.kubeVersion();
        try {
            Files.createDirectories(workDir);
            if (source instanceof ChartSource.Local local) {
                Path original = local.directory(r.chart(), r.version());
                Path chart = OfflineChart.prepare(original, workDir);
                try {
                    return combine(crdsOf(original), template(new Helm(chart).template(), r));
                } finally {
                    OfflineChart.deleteCopy(original, chart);
                }
            }
            return renderUpstream((ChartSource.Upstream) source, r);
        } catch (ChartRenderException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ChartRenderException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** Not run by the tests (no internet here); see {@link ChartSource.Upstream}. */
    private List<HasMetadata> renderUpstream(ChartSource.Upstream upstream, ChartRelease r) throws IOException {
        String repo = upstream.repository(r.chart());
        if (repo.startsWith("oci://")) {
            List<HasMetadata> crds = RenderedYaml.parseConcatenated(Helm.show(repo).crds().withVersion(r.version()).call());
            return combine(crds, template(Helm.template(repo).withVersion(r.version()), r));
        }
        // A classic repository: register it in a private repositories file, then refer to <repo>/<chart>.
        Path config = workDir.resolve("helm-repositories.yaml");
        Helm.repo().add().withRepositoryConfig(config).withName(r.chart()).withUrl(URI.create(repo)).call();
        String ref = r.chart() + "/" + r.chart();
        String rendered = template(Helm.template(ref).withVersion(r.version()).withRepositoryConfig(config), r);
        List<HasMetadata> crds = RenderedYaml.parseConcatenated(Helm.show(ref).crds().withVersion(r.version()).call());
        return combine(crds, rendered);
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
