package dev.nodeless.buffer;

import java.util.Set;

/**
 * One buffer object of a cluster and the nodes it covers. A cluster has the top-level buffer ({@code pool == null},
 * the object {@code nodeless/pause-pods} every Nodeless cluster has) and one more per NodePool whose spec asks for its
 * own ({@code pause-pods-<pool>}). The NodePools with their own buffer partition the nodes: each at-risk node counts in
 * exactly one buffer, its pool's if that pool has one, else the top-level one.
 *
 * @param bufferName the buffer object's name in the buffer namespace
 * @param backend    {@code pause-pods} or {@code capacity-buffer}
 * @param pool       the NodePool this buffer is for; null for the top-level buffer
 */
public record BufferScope(String bufferName, String backend, BufferPolicy policy, String pool) {

    /** Whether a node of {@code nodePool} (null: unlabelled) counts in this buffer, given the pools that have their own. */
    public boolean covers(String nodePool, Set<String> ownPools) {
        return pool == null ? nodePool == null || !ownPools.contains(nodePool) : pool.equals(nodePool);
    }
}
