package dev.nodeless.sim;

import java.util.List;

/**
 * The cluster at the start: how many spot nodes, of which types, in which zones, filled with which pods.
 *
 * @param nodes             nodes at time zero (all Karpenter spot nodes; Fargate system pods are not modelled)
 * @param targetUtilization share of each node's allocatable CPU filled with workload pods at the start
 * @param expireAfterHours  the NodePool's {@code expireAfter}; initial nodes have ages spread uniformly over it
 * @param reservedMilliCpu  per node: kubelet/system reserve plus DaemonSets, never available to pods
 */
public record ClusterParams(Integer nodes, List<String> zones, List<InstanceType> instanceTypes, List<PodSize> podSizes,
                            Double targetUtilization, Double expireAfterHours, Long reservedMilliCpu,
                            Double reservedMemoryShare) {
    public ClusterParams {
        if (nodes == null) nodes = 100;
        if (zones == null) zones = List.of("us-east-1a", "us-east-1b", "us-east-1c");
        if (instanceTypes == null) {
            // Assumed spot price 0.02 USD per vCPU-hour (m5 on-demand in us-east-1 is 0.048; spot typically
            // 55-65% below it). Check the Spot price history of your region and override in the scenario.
            instanceTypes = List.of(
                    new InstanceType("m5.large", 2, 8.0, 0.04, 0.2),
                    new InstanceType("m5.xlarge", 4, 16.0, 0.08, 0.4),
                    new InstanceType("m5.2xlarge", 8, 32.0, 0.16, 0.4));
        }
        if (podSizes == null) {
            podSizes = List.of(
                    new PodSize("250m", "512Mi", 0.4),
                    new PodSize("500m", "1Gi", 0.3),
                    new PodSize("1", "2Gi", 0.2),
                    new PodSize("2", "4Gi", 0.1));
        }
        if (targetUtilization == null) targetUtilization = 0.8;
        if (expireAfterHours == null) expireAfterHours = 720.0; // Karpenter v1 default expireAfter
        if (reservedMilliCpu == null) reservedMilliCpu = 180L;   // ~ EKS AMI kube-reserved for 2-8 vCPU + DaemonSets
        if (reservedMemoryShare == null) reservedMemoryShare = 0.1;
        if (nodes < 1) throw new IllegalArgumentException("cluster.nodes must be >= 1, got " + nodes);
        if (zones.isEmpty() || instanceTypes.isEmpty() || podSizes.isEmpty()) {
            throw new IllegalArgumentException("cluster needs at least one zone, instance type and pod size");
        }
        if (!(targetUtilization > 0 && targetUtilization <= 1)) {
            throw new IllegalArgumentException("cluster.targetUtilization must be in (0, 1], got " + targetUtilization);
        }
        if (!(expireAfterHours > 0)) throw new IllegalArgumentException("cluster.expireAfterHours must be > 0");
        zones = List.copyOf(zones);
        instanceTypes = List.copyOf(instanceTypes);
        podSizes = List.copyOf(podSizes);
    }

    public long expireAfterMillis() {
        return Math.round(expireAfterHours * 3_600_000);
    }

    public InstanceType type(String name) {
        return instanceTypes.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown instance type " + name + "; known: "
                        + instanceTypes.stream().map(InstanceType::name).toList()));
    }

    /** Checks a capacity pool named {@code <instance type>/<zone>}. */
    void requirePool(String pool, String what) {
        String[] parts = pool == null ? new String[0] : pool.split("/");
        if (parts.length != 2) throw new IllegalArgumentException(what + " pool must be '<instance type>/<zone>', got " + pool);
        type(parts[0]);
        if (!zones.contains(parts[1])) throw new IllegalArgumentException(what + " pool zone " + parts[1] + " not in " + zones);
    }
}
