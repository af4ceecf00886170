package dev.nodeless.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderedYamlTest {

    @Test
    void multiDocumentOutput_becomesTypedAndGenericObjects_skippingEmptyAndToolDocuments() {
        String yaml = """
                ---
                # Source: chart/templates/disabled.yaml
                ---
                # Source: chart/templates/cm.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  a: "1"
                ---
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [crds.yaml]
                ---
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: default
                spec: {}
                ---
                """;

        List<HasMetadata> objects = RenderedYaml.parse(yaml);

        assertThat(objects).hasSize(2);
        assertThat(objects.get(0)).isInstanceOfSatisfying(ConfigMap.class, cm -> assertThat(cm.getData()).containsEntry("a", "1"));
        assertThat(objects.get(1)).isInstanceOf(GenericKubernetesResource.class);
        assertThat(objects.get(1).getKind()).isEqualTo("NodePool");
    }
}
