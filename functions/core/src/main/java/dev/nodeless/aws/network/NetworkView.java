package dev.nodeless.aws.network;

import java.util.List;
import java.util.Map;

/**
 * The network a cluster uses, as later steps need it: the cluster goes into all subnets, Fargate profiles and
 * Karpenter's nodes into the private ones.
 */
public record NetworkView(String vpcId, List<String> privateSubnetIds, List<String> publicSubnetIds, List<String> securityGroupIds) {

    public List<String> allSubnetIds() {
        return java.util.stream.Stream.concat(privateSubnetIds.stream(), publicSubnetIds.stream()).toList();
    }

    public Map<String, String> details() {
        return Map.of("vpcId", vpcId,
                "privateSubnetIds", String.join(",", privateSubnetIds),
                "publicSubnetIds", String.join(",", publicSubnetIds),
                "securityGroupIds", String.join(",", securityGroupIds));
    }
}
