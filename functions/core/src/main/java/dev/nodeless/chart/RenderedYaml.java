package dev.nodeless.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Turns {@code helm template} output (many YAML documents) into Kubernetes objects. */
public final class RenderedYaml {

    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private RenderedYaml() {}

    /**
     * Parses every document that is a Kubernetes API object. Empty documents (only comments, as Helm emits for
     * disabled templates) are skipped, and so are tool configuration files some charts keep in {@code crds/}
     * (a kustomization.yaml), which the API server would not accept.
     */
    public static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : SEPARATOR.split(yaml)) {
            if (isBlank(doc)) continue;
            KubernetesResource r = SERIALIZATION.unmarshal(doc);
            if (r instanceof HasMetadata h && h.getKind() != null && !isToolConfig(h)) objects.add(h);
        }
        return objects;
    }

    /**
     * Parses {@code helm show crds} output, where helm-java joins the files of a chart's {@code crds/} folder without
     * a document separator: a new document also starts at every top-level {@code apiVersion:} line.
     */
    public static List<HasMetadata> parseConcatenated(String yaml) {
        return parse(TOP_LEVEL_API_VERSION.matcher(yaml).replaceAll("---\n$1"));
    }

    private static final Pattern TOP_LEVEL_API_VERSION = Pattern.compile("(?m)^(apiVersion:)");

    private static boolean isToolConfig(HasMetadata h) {
        return h.getApiVersion() != null && h.getApiVersion().startsWith("kustomize.config.k8s.io/");
    }

    private static boolean isBlank(String doc) {
        for (String line : doc.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) return false;
        }
        return true;
    }
}
