package dev.nodeless.chart;

import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;

/** Where one chart is published: a classic Helm repository (an {@code index.yaml}) or an OCI registry repository. */
public sealed interface ChartRepository {

    /** @param url the repository root; {@code <url>/index.yaml} lists every chart version and its archive */
    record Classic(URI url) implements ChartRepository {
        public Classic {
            // resolve("index.yaml") against a root without a trailing slash would drop its last path segment
            if (!url.getPath().endsWith("/")) url = URI.create(url + "/");
        }
    }

    /**
     * @param registry   scheme and host of the registry's HTTP API, e.g. {@code https://public.ecr.aws}
     * @param repository the repository inside it, e.g. {@code karpenter/karpenter}
     */
    record Oci(URI registry, String repository) implements ChartRepository {}

    /** The charts' published homes, from {@link ChartSource.Upstream#REPOSITORIES}. */
    static Map<String, ChartRepository> upstream() {
        return ChartSource.Upstream.REPOSITORIES.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> parse(e.getValue())));
    }

    /** {@code oci://host/path} is a registry repository reached over HTTPS; an {@code https://} URL is a classic repository. */
    static ChartRepository parse(String reference) {
        if (reference.startsWith("oci://")) {
            String rest = reference.substring("oci://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("OCI chart reference " + reference + " has no repository path (oci://<host>/<repository>)");
            }
            return new Oci(URI.create("https://" + rest.substring(0, slash)), rest.substring(slash + 1));
        }
        URI uri = URI.create(reference);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("chart repository " + reference + " is neither oci:// nor http(s)://");
        }
        return new Classic(uri);
    }
}
