package dev.nodeless.kube.emulator;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.Value;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CRUD store's keys by (API group, plural, namespace, name), as a real API server reads one object by its etcd key.
 * fabric8's CRUD mode finds an object by testing every stored key against the query, so each GET, PUT, PATCH or
 * POST costs time proportional to the cluster; this index makes a by-name lookup constant, which is what lets the
 * benchmark measure the code under test rather than the emulator. Lists still scan (as the CRUD mode does).
 * <p>
 * The index is only a shortcut: a hit is checked against the store and the query before it is used, and a query it
 * cannot answer authoritatively goes back to the scan.
 */
final class NameIndex {

    private static final String API = "api", PLURAL = "plural", NAMESPACE = "namespace", NAME = "name";

    private final Map<String, AttributeSet> keys = new ConcurrentHashMap<>();

    /** The stored key for a query naming one object; empty means "not stored" only when {@link #authoritative}. */
    Optional<AttributeSet> find(AttributeSet query) {
        return key(query).map(keys::get);
    }

    /**
     * Whether a miss for this query means the object does not exist: the query names its plural and name (and its
     * namespace, unless the kind is cluster-scoped: an API path naming one object always carries the namespace of
     * a namespaced kind). Lists and selectors are not answered here.
     */
    boolean authoritative(AttributeSet query) {
        return key(query).isPresent();
    }

    void stored(AttributeSet key) {
        key(key).ifPresent(k -> keys.put(k, key));
    }

    void removed(AttributeSet key) {
        key(key).ifPresent(k -> keys.remove(k, key));
    }

    void clear() {
        keys.clear();
    }

    private static Optional<String> key(AttributeSet set) {
        String plural = value(set, PLURAL), name = value(set, NAME);
        if (plural == null || name == null) return Optional.empty();
        String api = value(set, API), ns = value(set, NAMESPACE);
        return Optional.of((api == null ? "" : api) + '/' + plural + '/' + (ns == null ? "" : ns) + '/' + name);
    }

    private static String value(AttributeSet set, String key) {
        Attribute a = set.getAttribute(key);
        if (a == null || a.getValues().size() != 1) return null;
        Value v = a.getValues().get(0);
        return v == null ? null : v.toString();
    }
}
