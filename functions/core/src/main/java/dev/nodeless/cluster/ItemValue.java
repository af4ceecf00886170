package dev.nodeless.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One attribute of a registry item as {@link ClusterItems} reads and writes it: a string ({@code S}), a boolean
 * ({@code BOOL}) or a map of attributes ({@code M}); an attribute of any other DynamoDB type is {@link #OTHER}, which
 * reads like a value of the wrong type (all three accessors null). The neutral model both registry clients convert their
 * items to ({@link DynamoDbClusterRegistry} from the SDK's {@code AttributeValue}, {@link MaintenanceRegistry} from
 * DynamoDB's JSON), so that {@code ClusterItems} stays the one decoding while the maintenance functions' cold start loads
 * none of the SDK's model classes (about 60).
 */
record ItemValue(String s, Boolean bool, Map<String, ItemValue> m) {

    /** An attribute of a type the registry never reads (N, B, NULL, L and the sets). */
    static final ItemValue OTHER = new ItemValue(null, null, null);

    ItemValue {
        if ((s != null ? 1 : 0) + (bool != null ? 1 : 0) + (m != null ? 1 : 0) > 1) throw new IllegalArgumentException("an attribute has one type");
        if (m != null) m = Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    static ItemValue s(String value) {
        return new ItemValue(Objects.requireNonNull(value, "an S attribute needs a value"), null, null);
    }

    static ItemValue bool(boolean value) {
        return new ItemValue(null, value, null);
    }

    static ItemValue m(Map<String, ItemValue> value) {
        return new ItemValue(null, null, Objects.requireNonNull(value, "an M attribute needs its map"));
    }
}
