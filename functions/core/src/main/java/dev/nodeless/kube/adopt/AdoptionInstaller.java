package dev.nodeless.kube.adopt;

import dev.nodeless.kube.KubeFailures;
import dev.nodeless.kube.KubeRejectedException;
import dev.nodeless.spec.ResourceNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs and removes adopt's objects in a cluster Nodeless did not create, without server-side apply's force: an
 * object of the same name that is not Nodeless's (no {@code app.kubernetes.io/managed-by=nodeless}) is never taken
 * over. Install checks every object before the first write (one foreign object refuses the whole install), then
 * creates what is absent and brings Nodeless's own objects back to the wanted fields with an update (only when one
 * differs). The buffer's {@code spec.replicas} is create-only (the maintenance loop owns it), as in the
 * bootstrap. Uninstall deletes, in reverse order, only objects that carry Nodeless's label.
 */
public final class AdoptionInstaller {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    /** What one call did, each entry "Kind namespace/name". */
    public record Report(List<String> created, List<String> configured, List<String> unchanged, List<String> deleted, List<String> leftAlone) {}

    private final KubernetesClient client;

    public AdoptionInstaller(KubernetesClient client) {
        this.client = client;
    }

    /** @throws KubeRejectedException naming every foreign object in the way, before anything is written */
    public Report install(List<HasMetadata> objects) {
        List<String> foreign = new ArrayList<>();
        List<HasMetadata> live = new ArrayList<>();
        for (HasMetadata o : objects) {
            HasMetadata current = call("reading " + ref(o), () -> resource(o).get());
            if (current != null && !ours(current)) foreign.add(ref(o));
            live.add(current);
        }
        if (!foreign.isEmpty()) {
            throw new KubeRejectedException("refusing to install: " + String.join(", ", foreign) + " exist" + (foreign.size() == 1 ? "s" : "")
                    + " and " + (foreign.size() == 1 ? "is" : "are") + " not Nodeless's (no " + MANAGED_BY + "=nodeless); adopt never takes "
                    + "over other objects. Rename or remove them, then adopt again. Nothing was changed");
        }
        Report report = new Report(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), List.of(), List.of());
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata o = objects.get(i);
            HasMetadata current = live.get(i);
            if (current == null) {
                call("creating " + ref(o), () -> resource(o).create());
                report.created().add(ref(o));
                continue;
            }
            Map<String, Object> wanted = wanted(o);
            Map<String, Object> have = asMap(current);
            if (contains(have, wanted)) {
                report.unchanged().add(ref(o));
            } else {
                HasMetadata updated = client.getKubernetesSerialization().convertValue(updated(have, wanted), o.getClass());
                call("updating " + ref(o), () -> resource(updated).update());
                report.configured().add(ref(o));
            }
        }
        return report;
    }

    /** Deletes Nodeless's objects among {@code objects}, last first; kinds the cluster does not serve count as absent. */
    public Report uninstall(List<HasMetadata> objects) {
        List<String> deleted = new ArrayList<>();
        List<String> leftAlone = new ArrayList<>();
        for (int i = objects.size() - 1; i >= 0; i--) {
            HasMetadata o = objects.get(i);
            if (o instanceof GenericKubernetesResource g && !served(g)) continue; // e.g. no CapacityBuffer CRD: nothing of it to delete
            HasMetadata current;
            try {
                current = resource(o).get();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) continue;
                throw KubeFailures.classify("reading " + ref(o), e);
            }
            if (current == null || current.getMetadata().getDeletionTimestamp() != null) continue;
            if (!ours(current)) {
                leftAlone.add(ref(o));
                continue;
            }
            call("deleting " + ref(o), () -> resource(o).delete());
            deleted.add(ref(o));
        }
        return new Report(List.of(), List.of(), List.of(), deleted, leftAlone);
    }

    /** Whether the API serves the custom kind at all (discovery), so asking for an object of it makes sense. */
    private boolean served(GenericKubernetesResource g) {
        try {
            var resources = client.getApiResources(g.getApiVersion());
            return resources != null && resources.getResources().stream().anyMatch(r -> g.getKind().equals(r.getKind()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) return false;
            throw KubeFailures.classify("discovering " + g.getApiVersion(), e);
        }
    }

    static boolean ours(HasMetadata o) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels != null && ResourceNames.FIELD_MANAGER.equals(labels.get(MANAGED_BY));
    }

    /** The fields adopt sets: labels, annotations and every top-level field but status; the buffer's replicas only on create. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> wanted(HasMetadata o) {
        Map<String, Object> map = asMap(o);
        Map<String, Object> wanted = new LinkedHashMap<>();
        Map<String, Object> meta = new LinkedHashMap<>();
        Map<String, Object> metadata = (Map<String, Object>) map.get("metadata");
        if (metadata.get("labels") != null) meta.put("labels", metadata.get("labels"));
        if (metadata.get("annotations") != null) meta.put("annotations", metadata.get("annotations"));
        wanted.put("metadata", meta);
        map.forEach((k, v) -> {
            if (!List.of("apiVersion", "kind", "metadata", "status").contains(k)) wanted.put(k, v);
        });
        Map<String, String> annotations = o.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(ResourceNames.CREATE_ONLY_FIELDS_ANNOTATION) && wanted.get("spec") instanceof Map<?, ?> spec) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) spec);
            copy.remove("replicas"); // the only create-only field Nodeless declares (BufferObjects)
            wanted.put("spec", copy);
        }
        return wanted;
    }

    /**
     * The live object with the wanted fields in place (a whole-object update carrying the live resourceVersion, so a
     * concurrent change answers 409 and the step is retried): labels and annotations are added to the live ones, every
     * other wanted top-level field replaces the live one, and a create-only field keeps its live value.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> updated(Map<String, Object> live, Map<String, Object> wanted) {
        Map<String, Object> out = new LinkedHashMap<>(live);
        Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) live.get("metadata"));
        ((Map<String, Object>) wanted.get("metadata")).forEach((k, v) -> {
            Map<String, Object> merged = new LinkedHashMap<>(meta.get(k) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
            merged.putAll((Map<String, Object>) v);
            meta.put(k, merged);
        });
        out.put("metadata", meta);
        wanted.forEach((k, v) -> {
            if (k.equals("metadata")) return;
            if (k.equals("spec") && v instanceof Map<?, ?> spec && live.get("spec") instanceof Map<?, ?> liveSpec && liveSpec.containsKey("replicas")
                    && !spec.containsKey("replicas")) {
                Map<String, Object> s = new LinkedHashMap<>((Map<String, Object>) spec);
                s.put("replicas", liveSpec.get("replicas"));
                out.put(k, s);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Every key of {@code wanted} is in {@code live} with the same value (maps recursively; lists and scalars equal). */
    @SuppressWarnings("unchecked")
    static boolean contains(Map<String, Object> live, Map<String, Object> wanted) {
        for (Map.Entry<String, Object> e : wanted.entrySet()) {
            Object have = live.get(e.getKey());
            if (e.getValue() instanceof Map<?, ?> w) {
                if (!(have instanceof Map<?, ?> h) || !contains((Map<String, Object>) h, (Map<String, Object>) w)) return false;
            } else if (e.getValue() == null ? have != null : !e.getValue().equals(have)) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(HasMetadata o) {
        return client.getKubernetesSerialization().convertValue(o, Map.class);
    }

    private Resource<? extends HasMetadata> resource(HasMetadata o) {
        if (o instanceof GenericKubernetesResource g) {
            var kind = client.genericKubernetesResources(g.getApiVersion(), g.getKind());
            String ns = g.getMetadata().getNamespace();
            return ns == null ? kind.resource(g) : kind.inNamespace(ns).resource(g);
        }
        return client.resource(o);
    }

    static String ref(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
    }

    private static <T> T call(String doing, java.util.function.Supplier<T> call) {
        return KubeFailures.call(doing, call);
    }
}
