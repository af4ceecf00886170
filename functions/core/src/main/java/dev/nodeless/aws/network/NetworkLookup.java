package dev.nodeless.aws.network;

import static dev.nodeless.aws.network.Ec2Tags.filter;
import static dev.nodeless.aws.network.Ec2Tags.tag;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;
/**
 * Finds the network pieces of one cluster by their Name tag and the cluster tag. The VPC and the NAT's Elastic IP are
 * also matched on the ownership tag with this stack's owner id, so a same-name VPC of anyone else is never taken for
 * ours (the rest lives inside our VPC).
 */
final class NetworkLookup {

    private final Ec2Client ec2;
    private final String owner;

    NetworkLookup(Ec2Client ec2, String owner) {
        this.ec2 = ec2;
        this.owner = owner;
    }

    // ---------------------------------------------------------------- lookups

    Optional<Vpc> findVpc(ClusterSpec spec) {
        ResourceNames names = new ResourceNames(spec.clusterName());
        return ec2.describeVpcs(r -> r.filters(tag(ResourceNames.CLUSTER_TAG, spec.clusterName()), tag("Name", names.vpc()),
                        tag(ResourceNames.MANAGED_BY_TAG, owner)))
                .vpcs().stream().findFirst();
    }

    Optional<NatGateway> findNat(ClusterSpec spec, String vpcId) {
        return ec2.describeNatGateways(r -> r.filter(filter("vpc-id", vpcId), tag(ResourceNames.CLUSTER_TAG, spec.clusterName()),
                filter("state", "pending", "available", "failed"))).natGateways().stream().findFirst();
    }

    List<Address> findElasticIps(ClusterSpec spec) {
        return ec2.describeAddresses(r -> r.filters(tag(ResourceNames.CLUSTER_TAG, spec.clusterName()), tag(ResourceNames.MANAGED_BY_TAG, owner),
                tag("Name", new ResourceNames(spec.clusterName()).natElasticIp()))).addresses();
    }

    List<Subnet> ourSubnets(String vpcId, String cluster) {
        return ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpcId), tag(ResourceNames.CLUSTER_TAG, cluster))).subnets();
    }

    List<Subnet> subnets(List<String> ids) {
        if (ids.isEmpty()) return List.of();
        return ec2.describeSubnets(r -> r.filters(filter("subnet-id", ids.toArray(String[]::new)))).subnets();
    }

    List<SecurityGroup> securityGroups(List<String> ids) {
        if (ids.isEmpty()) return List.of();
        return ec2.describeSecurityGroups(r -> r.filters(filter("group-id", ids.toArray(String[]::new)))).securityGroups();
    }
}
