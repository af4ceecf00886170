package dev.nodeless.buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** All buffers of one cluster ({@link BufferScope}); the first is the top-level one. */
public record BufferScopes(List<BufferScope> all) {
    public BufferScopes {
        if (all.isEmpty() || all.get(0).pool() != null) throw new IllegalArgumentException("the top-level buffer comes first");
        all = List.copyOf(all);
    }

    /** The top-level buffer alone: a cluster without NodePool buffers, as every cluster was before them. */
    public static BufferScopes single(String bufferName, String backend, BufferPolicy policy) {
        return new BufferScopes(List.of(new BufferScope(bufferName, backend, policy, null)));
    }

    public BufferScopes with(List<BufferScope> pools) {
        List<BufferScope> next = new ArrayList<>(all);
        next.addAll(pools);
        return new BufferScopes(next);
    }

    public BufferScope topLevel() {
        return all.get(0);
    }

    public boolean single() {
        return all.size() == 1;
    }

    /** Names of the NodePools that have a buffer of their own. */
    public Set<String> ownPools() {
        Set<String> pools = new TreeSet<>();
        for (BufferScope s : all) if (s.pool() != null) pools.add(s.pool());
        return pools;
    }

    /** The buffer a node of {@code nodePool} (null: unlabelled or unknown) counts in. */
    public BufferScope forPool(String nodePool) {
        for (BufferScope s : all) if (s.pool() != null && s.pool().equals(nodePool)) return s;
        return topLevel();
    }
}
