package dev.nodeless.kube.manifests;

import java.util.LinkedHashMap;
import java.util.Map;

/** Labels every object Nodeless applies carries, so {@code kubectl get -l app.kubernetes.io/managed-by=nodeless} finds them. */
final class Labels {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String NAME = "app.kubernetes.io/name";

    private Labels() {}

    static Map<String, String> of(String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, name);
        labels.put(MANAGED_BY, "nodeless");
        return labels;
    }
}
