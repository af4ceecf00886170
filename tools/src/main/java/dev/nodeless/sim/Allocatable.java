package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

/** What pods may request on a node of a type: capacity minus the system reserve and DaemonSets. */
final class Allocatable {
    private Allocatable() {}

    static Resources of(InstanceType type, ClusterParams c) {
        long cpu = type.vcpu() * 1000L - c.reservedMilliCpu();
        long mem = (long) (type.memoryGiB() * (1L << 30) * (1 - c.reservedMemoryShare()));
        return new Resources(cpu, mem);
    }
}
