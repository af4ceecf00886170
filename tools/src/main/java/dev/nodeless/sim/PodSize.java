package dev.nodeless.sim;

import dev.nodeless.buffer.Resources;

/** One kind of workload pod by its requests (Kubernetes quantities) and its share of all pods. */
public record PodSize(String cpu, String memory, double share) {
    public Resources requests() {
        return Resources.of(cpu, memory);
    }
}
