package dev.nodeless.kube.manifests;

import java.util.LinkedHashMap;
import java.util.Map;

/** Labels every object Nodeless applies carries, so {@code kubectl get -l app.kubernetes.io/managed-by=nodeless} finds them. */
final class Labels {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String NAME = "app.kubernetes.io/name";

    private Labels() {}

    /** An insertion-ordered map from key, value pairs: Map.of's order changes from run to run, and plans are diffed. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    static Map<String, String> of(String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, name);
        labels.put(MANAGED_BY, "nodeless");
        return labels;
    }
}
