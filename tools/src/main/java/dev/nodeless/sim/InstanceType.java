package dev.nodeless.sim;

/**
 * One EC2 instance type Karpenter may launch.
 *
 * @param spotPricePerHour USD per instance-hour (spot)
 * @param share            weight of this type among the nodes at time zero
 */
public record InstanceType(String name, int vcpu, double memoryGiB, double spotPricePerHour, double share) {
    public InstanceType {
        if (vcpu < 1 || memoryGiB <= 0) throw new IllegalArgumentException("instance type " + name + " needs vcpu and memory");
    }

    public double pricePerVcpuHour() {
        return spotPricePerHour / vcpu;
    }
}
