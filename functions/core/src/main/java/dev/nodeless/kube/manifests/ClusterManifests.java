package dev.nodeless.kube.manifests;

import dev.nodeless.chart.ChartRenderer;
import dev.nodeless.spec.ClusterSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * PLACEHOLDER owned by the "spec" helper, present on the kube branch only so the applyKubernetes handler
 * compiles against the agreed signature; replace it with the spec helper's version at merge.
 */
public final class ClusterManifests {

    private ClusterManifests() {}

    public static List<HasMetadata> build(ClusterSpec spec, ClusterFacts facts, ChartRenderer charts) {
        throw new UnsupportedOperationException("placeholder: ClusterManifests comes from the spec helper's branch");
    }
}
