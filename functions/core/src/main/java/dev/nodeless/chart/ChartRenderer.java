package dev.nodeless.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** Renders a chart into Kubernetes objects (CRDs included), like {@code helm template --include-crds}. */
public interface ChartRenderer {

    /** @throws ChartRenderException when the chart cannot be found or rendered; the message names the chart and version */
    List<HasMetadata> render(ChartRelease release);
}
