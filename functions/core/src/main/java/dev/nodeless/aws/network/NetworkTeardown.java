package dev.nodeless.aws.network;

import static dev.nodeless.aws.network.Ec2Tags.filter;
import static dev.nodeless.aws.network.Ec2Tags.tag;

import dev.nodeless.aws.AwsErrors;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;
/**
 * Teardown stage {@code network}: deletes the created network in dependency order (NAT gateway, then its Elastic IP,
 * route tables, internet gateway, subnets, leftover security groups, VPC); with an existing network, removes only
 * the discovery tag the bootstrap added. Reports {@code done=false} while something is still going away.
 */
final class NetworkTeardown {

    private final Ec2Client ec2;
    private final NetworkLookup lookup;

    NetworkTeardown(Ec2Client ec2, NetworkLookup lookup) {
        this.ec2 = ec2;
        this.lookup = lookup;
    }

    StepResult delete(ClusterSpec spec, String stage) {
        if (spec.network() != null && !spec.network().creates()) {
            return AwsErrors.call("removing the discovery tag from the given network", () -> untagExisting(spec, stage));
        }
        return AwsErrors.call("deleting the network of " + spec.clusterName(), () -> deleteCreated(spec, stage));
    }

    private StepResult untagExisting(ClusterSpec spec, String stage) {
        List<String> resources = new ArrayList<>();
        for (Subnet s : lookup.subnets(spec.network().subnetIds() == null ? List.of() : spec.network().subnetIds())) {
            if (spec.clusterName().equals(Ec2Tags.map(s.tags()).get(ResourceNames.DISCOVERY_TAG))) resources.add(s.subnetId());
        }
        for (SecurityGroup g : lookup.securityGroups(spec.network().securityGroupIds() == null ? List.of() : spec.network().securityGroupIds())) {
            if (spec.clusterName().equals(Ec2Tags.map(g.tags()).get(ResourceNames.DISCOVERY_TAG))) resources.add(g.groupId());
        }
        if (resources.isEmpty()) return StepResult.done("teardownStep", stage, StepResult.ABSENT, "the given network carries no discovery tag of this cluster", Map.of());
        ec2.deleteTags(r -> r.resources(resources).tags(Ec2Tags.list(Map.of(ResourceNames.DISCOVERY_TAG, spec.clusterName()))));
        return StepResult.done("teardownStep", stage, StepResult.DELETED, "removed the discovery tag from " + resources
                + " (the subnets and groups belong to the user and stay)", Map.of());
    }

    private StepResult deleteCreated(ClusterSpec spec, String stage) {
        List<String> deleted = new ArrayList<>();
        Optional<Vpc> vpc = lookup.findVpc(spec);
        if (vpc.isPresent()) {
            String vpcId = vpc.get().vpcId();
            // 1. NAT gateways take a minute to delete and hold their Elastic IP until then.
            List<NatGateway> nats = ec2.describeNatGateways(r -> r.filter(filter("vpc-id", vpcId),
                    filter("state", "pending", "available", "deleting", "failed"))).natGateways();
            for (NatGateway n : nats) {
                if (!"deleting".equals(n.stateAsString())) {
                    ec2.deleteNatGateway(r -> r.natGatewayId(n.natGatewayId()));
                    deleted.add("nat gateway " + n.natGatewayId());
                }
            }
            List<String> natsLeft = ec2.describeNatGateways(r -> r.filter(filter("vpc-id", vpcId),
                    filter("state", "pending", "available", "deleting"))).natGateways().stream().map(NatGateway::natGatewayId).toList();
            if (!natsLeft.isEmpty()) return StepResult.waiting("teardownStep", stage, "waiting for NAT gateway " + String.join(", ", natsLeft) + " to be deleted", Map.of());
        }
        // 2. Elastic IPs (also orphans whose VPC is already gone)
        for (Address a : lookup.findElasticIps(spec)) {
            try {
                ec2.releaseAddress(r -> r.allocationId(a.allocationId()));
            } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
                // AWS detaches the address from a deleted NAT gateway shortly after the gateway is gone.
                if (AwsErrors.hasCode(e, "InvalidIPAddress.InUse")) {
                    return StepResult.waiting("teardownStep", stage, "elastic ip " + a.allocationId() + " is still in use", Map.of());
                }
                throw e;
            }
            deleted.add("elastic ip " + a.allocationId());
        }
        if (vpc.isEmpty()) {
            return StepResult.done("teardownStep", stage, deleted.isEmpty() ? StepResult.ABSENT : StepResult.DELETED,
                    deleted.isEmpty() ? "no network of this cluster exists" : "deleted " + String.join(", ", deleted), Map.of());
        }
        String vpcId = vpc.get().vpcId();
        try {
            // 3. Route tables (except the VPC's main one, which goes with the VPC)
            for (RouteTable rt : ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpcId))).routeTables()) {
                if (rt.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()))) continue;
                for (RouteTableAssociation a : rt.associations()) ec2.disassociateRouteTable(r -> r.associationId(a.routeTableAssociationId()));
                ec2.deleteRouteTable(r -> r.routeTableId(rt.routeTableId()));
                deleted.add("route table " + rt.routeTableId());
            }
            // 4. Internet gateway
            ec2.describeInternetGateways(r -> r.filters(filter("attachment.vpc-id", vpcId))).internetGateways().forEach(g -> {
                ec2.detachInternetGateway(r -> r.internetGatewayId(g.internetGatewayId()).vpcId(vpcId));
                ec2.deleteInternetGateway(r -> r.internetGatewayId(g.internetGatewayId()));
                deleted.add("internet gateway " + g.internetGatewayId());
            });
            // 5. Subnets, then security groups left in the VPC (EKS and the load balancer controller create some)
            for (Subnet s : ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpcId))).subnets()) {
                ec2.deleteSubnet(r -> r.subnetId(s.subnetId()));
                deleted.add("subnet " + s.subnetId());
            }
            for (SecurityGroup g : ec2.describeSecurityGroups(r -> r.filters(filter("vpc-id", vpcId))).securityGroups()) {
                if ("default".equals(g.groupName())) continue;
                ec2.deleteSecurityGroup(r -> r.groupId(g.groupId()));
                deleted.add("security group " + g.groupId());
            }
            // 6. The VPC itself
            ec2.deleteVpc(r -> r.vpcId(vpcId));
            deleted.add("vpc " + vpcId);
        } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
            if (AwsErrors.hasCode(e, "DependencyViolation")) {
                // Network interfaces of deleted load balancers and clusters linger for minutes: wait, then try again.
                return StepResult.waiting("teardownStep", stage, "still in use, will retry: " + e.awsErrorDetails().errorMessage(), Map.of());
            }
            throw e;
        }
        return StepResult.done("teardownStep", stage, StepResult.DELETED, "deleted " + String.join(", ", deleted), Map.of());
    }
}
