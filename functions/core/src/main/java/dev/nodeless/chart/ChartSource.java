package dev.nodeless.chart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where charts come from: unpacked chart folders (offline, tests, or charts packaged with the function) or upstream archives. */
public sealed interface ChartSource {

    /** Folders named {@code <chart>-<version>} under {@code root}, e.g. {@code karpenter-1.14.1}. */
    record Local(Path root) implements ChartSource {
        public Path directory(String chart, String version) {
            Path dir = root.resolve(chart + "-" + version);
            if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
                throw new ChartRenderException("chart " + chart + " " + version + " not found: expected an unpacked chart in " + dir);
            }
            return dir;
        }

        @Override
        public String describe(String chart, String version) {
            return root.resolve(chart + "-" + version).toString();
        }
    }

    /**
     * The charts' published homes. {@link HelmChartRenderer} downloads a chart's archive from here into its work
     * dir ({@link HttpChartFetcher}) and then renders it like a {@link Local} one; needs outbound HTTPS from where
     * the rendering runs (see docs/charts.md). The tests serve the same protocols from a local server.
     */
    record Upstream() implements ChartSource {
        /** Chart name to repository: an OCI reference is the chart itself; an https URL is a classic repository. */
        public static final Map<String, String> REPOSITORIES = Map.of(
                "karpenter", "oci://public.ecr.aws/karpenter/karpenter",
                "aws-load-balancer-controller", "https://aws.github.io/eks-charts",
                "external-dns", "https://kubernetes-sigs.github.io/external-dns/");

        public String repository(String chart) {
            String repo = REPOSITORIES.get(chart);
            if (repo == null) throw new ChartRenderException("no upstream repository known for chart " + chart);
            return repo;
        }

        @Override
        public String describe(String chart, String version) {
            return repository(chart) + (repository(chart).startsWith("oci://") ? ":" : " " + chart + " ") + version;
        }
    }

    /** Where a chart would be read from, for messages and the plan summary. */
    String describe(String chart, String version);

    static ChartSource local(Path root) {
        return new Local(root);
    }

    static ChartSource upstream() {
        return new Upstream();
    }
}
