package dev.nodeless.aws;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags every resource the bootstrap creates carries: the user's tags from the spec, then ours (which win).
 * <p>Ownership (ARCHITECTURE §8): {@code nodeless.dev/managed-by} holds the <em>owner id</em> of the stack that created
 * the resource, the name of its fleet-registry table (configuration, never the user's input). It is set in the
 * create request only; Nodeless continues, changes or deletes a resource only when it carries this owner id, and
 * never adds the key to an existing resource, so nothing foreign can be claimed. template.yaml conditions the same
 * writes on the same tag ({@code aws:RequestTag} on create, {@code aws:ResourceTag} after).
 */
public final class ResourceTags {

    private final String owner;

    public ResourceTags(String owner) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalStateException("no owner id: set NODELESS_REGISTRY_TABLE (the stack's registry table names the owner of what it creates)");
        }
        this.owner = owner;
    }

    public String owner() {
        return owner;
    }

    public Map<String, String> of(ClusterSpec spec) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (spec.tags() != null) tags.putAll(spec.tags());
        tags.put(ResourceNames.MANAGED_BY_TAG, owner);
        tags.put(ResourceNames.CLUSTER_TAG, spec.clusterName());
        return tags;
    }

    public Map<String, String> with(ClusterSpec spec, Map<String, String> extra) {
        Map<String, String> tags = of(spec);
        tags.putAll(extra);
        return tags;
    }

    /**
     * Fails (not retried) unless a resource with these tags was created by this stack: Nodeless changes and deletes only
     * what it created (ARCHITECTURE §8); a same-name resource of anyone else is refused, never taken over.
     */
    public void requireOwned(String what, Map<String, String> tags) {
        if (owns(tags)) return;
        String found = tags == null || !tags.containsKey(ResourceNames.MANAGED_BY_TAG) ? "absent" : "'" + tags.get(ResourceNames.MANAGED_BY_TAG) + "'";
        throw new InvalidStepInputException(what + " exists but was not created by this Nodeless stack (" + ResourceNames.MANAGED_BY_TAG
                + " is " + found + ", expected '" + owner + "'); Nodeless changes only what it created: choose another cluster name or remove it");
    }

    /** Whether a resource with these tags was created by this stack. */
    public boolean owns(Map<String, String> actual) {
        return actual != null && owner.equals(actual.get(ResourceNames.MANAGED_BY_TAG));
    }

    /**
     * The tags an existing, owned resource lacks: everything {@link #of} wants except the ownership key, which is
     * only ever set at creation (the template denies adding it later).
     */
    public Map<String, String> toAdd(Map<String, String> wanted, Map<String, String> actual) {
        Map<String, String> add = missing(wanted, actual);
        add.remove(ResourceNames.MANAGED_BY_TAG);
        return add;
    }

    /** The entries of {@code wanted} that {@code actual} lacks or holds with another value. */
    public static Map<String, String> missing(Map<String, String> wanted, Map<String, String> actual) {
        Map<String, String> missing = new LinkedHashMap<>();
        wanted.forEach((k, v) -> {
            if (actual == null || !v.equals(actual.get(k))) missing.put(k, v);
        });
        return missing;
    }
}
