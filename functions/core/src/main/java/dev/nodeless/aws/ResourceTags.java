package dev.nodeless.aws;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags every resource the bootstrap creates carries: the user's tags from the spec, then ours (which win), so
 * that teardown can find what it created and nothing else.
 */
public final class ResourceTags {

    public static final String MANAGED_BY_VALUE = "nodeless";

    private ResourceTags() {}

    public static Map<String, String> of(ClusterSpec spec) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (spec.tags() != null) tags.putAll(spec.tags());
        tags.put(ResourceNames.MANAGED_BY_TAG, MANAGED_BY_VALUE);
        tags.put(ResourceNames.CLUSTER_TAG, spec.clusterName());
        return tags;
    }

    public static Map<String, String> with(ClusterSpec spec, Map<String, String> extra) {
        Map<String, String> tags = of(spec);
        tags.putAll(extra);
        return tags;
    }

    /** The entries of {@code wanted} that {@code actual} lacks or holds with another value. */
    public static Map<String, String> missing(Map<String, String> wanted, Map<String, String> actual) {
        Map<String, String> missing = new LinkedHashMap<>();
        wanted.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) missing.put(k, v);
        });
        return missing;
    }
}
