package dev.nodeless.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code plan} writes what the bootstrap would apply, to a folder anyone may read or commit. A Secret's values (the
 * load balancer controller's webhook TLS private key) must never reach that folder: they are emptied, the keys kept,
 * and an annotation says why. The bootstrap itself applies the real values; only the written copy is redacted.
 */
final class SecretRedaction {

    static final String ANNOTATION = "nodeless.dev/redacted";

    private SecretRedaction() {}

    static HasMetadata redact(HasMetadata object) {
        if (!(object instanceof Secret secret)) return object;
        TreeSet<String> keys = new TreeSet<>();
        if (secret.getData() != null) keys.addAll(secret.getData().keySet());
        if (secret.getStringData() != null) keys.addAll(secret.getStringData().keySet());
        if (keys.isEmpty()) return object;
        Map<String, String> empty = new LinkedHashMap<>();
        keys.forEach(k -> empty.put(k, ""));
        return new SecretBuilder(secret)
                .withData(empty).withStringData(null)
                .editMetadata().addToAnnotations(ANNOTATION, "values of " + keys + " are left out of the plan; the bootstrap applies them")
                .endMetadata().build();
    }
}
