package dev.nodeless.kube;

import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields an object declares create-only with {@link ResourceNames#CREATE_ONLY_FIELDS_ANNOTATION}: set when the
 * object is created, never server-side applied. Why not simply leave them out: server-side apply removes a field its
 * manager applied before and applies no more (a Deployment then falls back to 1 replica); a field that was only ever
 * set by a create (operation Update in managedFields) is not the Apply manager's to remove, so its later owner keeps it.
 *
 * <p>Paths are dot-separated map keys from the object root ({@code spec.replicas}), comma-separated; they may not
 * point into apiVersion, kind, metadata or status (the object's identity and the server's part).
 */
record CreateOnlyFields(List<List<String>> paths) {

    static final CreateOnlyFields NONE = new CreateOnlyFields(List.of());
    private static final Set<String> NOT_ALLOWED = Set.of("apiVersion", "kind", "metadata", "status");

    CreateOnlyFields {
        paths = List.copyOf(paths);
    }

    boolean isEmpty() { return paths.isEmpty(); }

    /** Reads the annotation of an object (as a JSON-like map); every problem goes into {@code problems}. */
    static CreateOnlyFields of(Map<String, Object> object, String ref, List<String> problems) {
        String value = annotation(object);
        if (value == null) return NONE;
        List<List<String>> paths = new ArrayList<>();
        for (String raw : value.split(",", -1)) {
            String path = raw.trim();
            List<String> segments = List.of(path.split("\\.", -1));
            String where = ref + ": " + ResourceNames.CREATE_ONLY_FIELDS_ANNOTATION + " '" + path + "'";
            if (path.isEmpty() || segments.stream().anyMatch(String::isBlank)) {
                problems.add(where + " is not a dot-separated field path such as spec.replicas");
            } else if (NOT_ALLOWED.contains(segments.get(0))) {
                problems.add(where + " points into " + segments.get(0) + ", which must always be applied");
            } else if (!present(object, segments)) {
                problems.add(where + " is not set in the object, so a create would not set it either");
            } else {
                paths.add(segments);
            }
        }
        return new CreateOnlyFields(paths);
    }

    /** A deep copy of {@code object} without the create-only fields (emptied parent maps stay, as the object had them). */
    Map<String, Object> strip(Map<String, Object> object) {
        Map<String, Object> copy = deepCopy(object);
        for (List<String> path : paths) {
            Map<String, Object> parent = copy;
            for (String key : path.subList(0, path.size() - 1)) parent = asMap(parent.get(key));
            parent.remove(path.get(path.size() - 1));
        }
        return copy;
    }

    private static String annotation(Map<String, Object> object) {
        Object metadata = object.get("metadata");
        Object annotations = metadata instanceof Map<?, ?> m ? m.get("annotations") : null;
        Object value = annotations instanceof Map<?, ?> a ? a.get(ResourceNames.CREATE_ONLY_FIELDS_ANNOTATION) : null;
        return value == null ? null : value.toString();
    }

    private static boolean present(Map<String, Object> object, List<String> segments) {
        Object at = object;
        for (String key : segments) {
            if (!(at instanceof Map<?, ?> m) || !m.containsKey(key)) return false;
            at = m.get(key);
        }
        return at != null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) { return (Map<String, Object>) o; }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> inner ? deepCopy((Map<String, Object>) inner) : v));
        return out;
    }
}
