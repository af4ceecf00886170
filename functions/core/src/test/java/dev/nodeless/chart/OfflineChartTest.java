package dev.nodeless.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small chart of our own whose template calls {@code lookup}, rendered with no cluster anywhere. */
class OfflineChartTest {

    @TempDir
    Path charts;
    @TempDir
    Path work;

    private Path chart(String template) throws Exception {
        Path dir = charts.resolve("probe-0.1.0");
        Files.createDirectories(dir.resolve("templates"));
        Files.createDirectories(dir.resolve("crds"));
        Files.writeString(dir.resolve("Chart.yaml"), "apiVersion: v2\nname: probe\nversion: 0.1.0\n");
        Files.writeString(dir.resolve("templates/cm.yaml"), template);
        Files.writeString(dir.resolve("crds/probes.yaml"), """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: probes.example.com
                spec:
                  group: example.com
                  names: {kind: Probe, plural: probes}
                  scope: Namespaced
                  versions: []
                """);
        return dir;
    }

    @Test
    void lookup_rendersAsEmptyMap_likeHelmTemplate_andCrdsComeFirst() throws Exception {
        Path dir = chart("""
                {{- $existing := lookup "v1" "Secret" .Release.Namespace "tls" -}}
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: probe
                data:
                  found: {{ if $existing }}"yes"{{ else }}"no"{{ end }}
                """);

        List<HasMetadata> objects = new HelmChartRenderer(ChartSource.local(charts), work)
                .render(new ChartRelease("probe", "0.1.0", "probe", "ns", "1.33", Map.of()));

        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("CustomResourceDefinition", "ConfigMap");
        assertThat(((ConfigMap) objects.get(1)).getData()).containsEntry("found", "no");
        assertThat(Files.readString(dir.resolve("templates/cm.yaml"))).as("the original chart is untouched").contains("lookup \"v1\"");
        try (var left = Files.list(work)) {
            assertThat(left).as("the rewritten copy and values file are removed").isEmpty();
        }
    }

    @Test
    void chartWithoutLookup_isRenderedInPlace() throws Exception {
        Path dir = chart("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n");

        assertThat(OfflineChart.prepare(dir, work)).isEqualTo(dir);
    }

    @Test
    void concatenatedCrds_withoutSeparators_areSplitAtEachApiVersion() {
        String joined = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: a.example.com\n"
                + "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: b.example.com\n";

        assertThat(RenderedYaml.parseConcatenated(joined)).extracting(o -> o.getMetadata().getName())
                .containsExactly("a.example.com", "b.example.com");
    }
}
