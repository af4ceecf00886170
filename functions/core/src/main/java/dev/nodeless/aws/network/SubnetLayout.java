package dev.nodeless.aws.network;

import dev.nodeless.aws.InvalidStepInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a created VPC's CIDR is split (pure function). Private subnets get most of the space because Karpenter's nodes
 * and every pod (VPC CNI) take addresses there; public subnets only hold the NAT gateway and load balancers.
 * The CIDR is cut into {@code 2^k >= azCount + 1} equal blocks: blocks {@code 0..azCount-1} are the private subnets,
 * the last block is cut into 16 public subnets of which the first {@code azCount} are used.
 * Example: 10.0.0.0/16 with 3 AZs gives private /18s 10.0.0.0, 10.0.64.0, 10.0.128.0 and public /22s
 * 10.0.192.0, 10.0.196.0, 10.0.200.0.
 */
public final class SubnetLayout {

    public static final String PUBLIC = "public";
    public static final String PRIVATE = "private";

    /** One planned subnet: tier ({@code public}/{@code private}), AZ index, CIDR. */
    public record PlannedSubnet(String tier, int azIndex, String cidr) {}

    private SubnetLayout() {}

    public static List<PlannedSubnet> plan(String vpcCidr, int azCount) {
        if (azCount < 2 || azCount > 15) {
            throw new InvalidStepInputException("network.create.azCount must be between 2 and 15 (Fargate needs two AZs), was " + azCount);
        }
        String[] parts = vpcCidr == null ? new String[0] : vpcCidr.split("/");
        if (parts.length != 2) throw new InvalidStepInputException("network.create.cidr is not an IPv4 CIDR: '" + vpcCidr + "'");
        long base = parseIp(parts[0], vpcCidr);
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 16 || prefix > 24) {
            throw new InvalidStepInputException("network.create.cidr must have a prefix between /16 and /24 (AWS VPC limits and room for "
                    + "pods), was /" + prefix);
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((base & mask) != base) throw new InvalidStepInputException("network.create.cidr has host bits set: '" + vpcCidr + "'");
        int bits = 32 - Integer.numberOfLeadingZeros(azCount); // 2^bits > azCount, leaving the last block for public subnets
        int privatePrefix = prefix + bits;
        int publicPrefix = privatePrefix + 4;
        if (publicPrefix > 28) {
            throw new InvalidStepInputException("network.create.cidr " + vpcCidr + " is too small for " + azCount
                    + " AZs: public subnets would be /" + publicPrefix + " (AWS minimum is /28)");
        }
        long privateSize = 1L << (32 - privatePrefix);
        long publicSize = 1L << (32 - publicPrefix);
        long publicBlock = base + ((1L << bits) - 1) * privateSize;
        List<PlannedSubnet> plan = new ArrayList<>();
        for (int i = 0; i < azCount; i++) {
            plan.add(new PlannedSubnet(PRIVATE, i, format(base + i * privateSize) + "/" + privatePrefix));
        }
        for (int i = 0; i < azCount; i++) {
            plan.add(new PlannedSubnet(PUBLIC, i, format(publicBlock + i * publicSize) + "/" + publicPrefix));
        }
        return plan;
    }

    private static long parseIp(String ip, String cidr) {
        String[] octets = ip.split("\\.");
        if (octets.length != 4) throw new InvalidStepInputException("network.create.cidr is not an IPv4 CIDR: '" + cidr + "'");
        long v = 0;
        for (String o : octets) {
            int n;
            try {
                n = Integer.parseInt(o);
            } catch (NumberFormatException e) {
                throw new InvalidStepInputException("network.create.cidr is not an IPv4 CIDR: '" + cidr + "'");
            }
            if (n < 0 || n > 255) throw new InvalidStepInputException("network.create.cidr is not an IPv4 CIDR: '" + cidr + "'");
            v = (v << 8) | n;
        }
        return v;
    }

    private static String format(long ip) {
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }
}
