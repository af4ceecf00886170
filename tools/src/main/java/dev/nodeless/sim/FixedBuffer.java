package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

/**
 * A buffer of constant size: no buffer, the runbook's pause pods, or a static CapacityBuffer (virtual pods that
 * Karpenter provisions room for; a real pod takes that room without preempting anything).
 */
final class FixedBuffer implements Strategy {
    private final String name;
    private final int replicas;
    private final Resources chunk;
    private final boolean virtual;

    FixedBuffer(String name, int replicas, Resources chunk, boolean virtual) {
        this.name = name;
        this.replicas = replicas;
        this.chunk = chunk;
        this.virtual = virtual;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Resources chunk() {
        return chunk;
    }

    @Override
    public boolean virtual() {
        return virtual;
    }

    @Override
    public int start(ClusterView view) {
        return replicas;
    }
}
