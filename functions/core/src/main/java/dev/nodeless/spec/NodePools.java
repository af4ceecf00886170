package dev.nodeless.spec;

import dev.nodeless.spec.ClusterSpec.Disruption;
import dev.nodeless.spec.ClusterSpec.Karpenter;
import dev.nodeless.spec.ClusterSpec.NodePool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NodePools a (normalised) spec describes: the listed {@code karpenter.nodePools}, or, when none are listed, the
 * one pool {@link ResourceNames#NODE_POOL} from the top-level karpenter fields, exactly as before pools could be
 * listed. And the buffer objects that go with them: the top-level buffer keeps its name ({@link ResourceNames#BUFFER_NAME})
 * so existing clusters keep their object; a pool with a buffer of its own gets {@link #bufferName}.
 */
public final class NodePools {

    /** Prefix of a pool's own buffer object: {@code pause-pods-<pool>}. */
    public static final String BUFFER_PREFIX = ResourceNames.BUFFER_NAME + "-";
    /** Pool buffer pods carry {@link ResourceNames#BUFFER_POD_LABEL} with this prefix and the pool's name as value. */
    public static final String POOL_POD_LABEL_PREFIX = "pool.";

    private NodePools() {}

    /** The spec's NodePools; none for a spec without a karpenter section (an adopted cluster's: its pools are not ours). */
    public static List<NodePool> of(ClusterSpec spec) {
        Karpenter k = spec.karpenter();
        if (k == null) return List.of();
        if (k.nodePools() != null && !k.nodePools().isEmpty()) return k.nodePools();
        Map<String, String> limits = new LinkedHashMap<>();
        limits.put("cpu", String.valueOf(k.cpuLimit()));
        limits.put("memory", k.memoryLimit());
        return List.of(new NodePool(ResourceNames.NODE_POOL, k.capacityTypes(), k.instanceCategories(), null, null,
                SpecDefaults.ARCHITECTURES, List.of(), List.of(), Map.of(), limits, null,
                new Disruption(SpecDefaults.CONSOLIDATION_POLICY, k.consolidateAfter(), null), k.expireAfter(), null, null));
    }

    /** The pools that have a buffer of their own, in spec order. */
    public static List<NodePool> buffered(ClusterSpec spec) {
        List<NodePool> out = new ArrayList<>();
        for (NodePool p : of(spec)) if (p.buffer() != null) out.add(p);
        return out;
    }

    public static String bufferName(String pool) {
        return BUFFER_PREFIX + pool;
    }

    /** Every buffer object's name: the top-level one first, then one per buffered pool. */
    public static List<String> bufferNames(ClusterSpec spec) {
        List<String> names = new ArrayList<>(List.of(ResourceNames.BUFFER_NAME));
        for (NodePool p : buffered(spec)) names.add(bufferName(p.name()));
        return names;
    }
}
