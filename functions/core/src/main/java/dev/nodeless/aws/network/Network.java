package dev.nodeless.aws.network;

import static dev.nodeless.aws.network.Ec2Tags.filter;
import static dev.nodeless.aws.network.Ec2Tags.tag;

import dev.nodeless.aws.AwsErrors;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.ResourceTags;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import dev.nodeless.spec.SpecValidator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * Step {@code ensureNetwork} and teardown stage {@code network}.
 * <p>With {@code network.create}: a VPC with one public and one private subnet per AZ, an internet gateway, one NAT
 * gateway (one, not one per AZ: a deliberate cost choice for a small cluster), public and private route tables,
 * and the tags the load balancer controller and Karpenter discover subnets by. Every piece is found back by its
 * {@link ResourceNames} Name tag plus the cluster tag, so re-runs create only what is missing.
 * <p>With existing {@code subnetIds}/{@code securityGroupIds}: checks they exist, that private subnets span two AZs
 * (Fargate), and adds the discovery tag; teardown removes only that tag.
 */
public final class Network {

    public static final String STEP = "ensureNetwork";
    private static final String ANYWHERE = "0.0.0.0/0";

    private final Ec2Client ec2;
    private final NetworkLookup lookup;
    private final ResourceTags resourceTags;

    public Network(Ec2Client ec2, ResourceTags resourceTags) {
        this.ec2 = ec2;
        this.resourceTags = resourceTags;
        this.lookup = new NetworkLookup(ec2, resourceTags.owner());
    }

    public StepResult ensure(StepInput input) {
        ClusterSpec spec = input.spec();
        if (spec.network() == null) throw new InvalidStepInputException("spec.network is missing: give subnetIds or create");
        return spec.network().creates()
                ? AwsErrors.call("creating the network of " + spec.clusterName(), () -> ensureCreated(spec))
                : AwsErrors.call("checking the given network of " + spec.clusterName(), () -> ensureExisting(spec));
    }

    /** The network the cluster uses; fails with a clear message if {@code ensureNetwork} has not run. */
    public NetworkView view(ClusterSpec spec) {
        return AwsErrors.call("looking up the network of " + spec.clusterName(), () -> {
            if (!spec.network().creates()) return existingView(spec);
            ResourceNames names = new ResourceNames(spec.clusterName());
            Vpc vpc = lookup.findVpc(spec).orElseThrow(() -> new InvalidStepInputException(
                    "the VPC " + names.vpc() + " does not exist; ensureNetwork must run first"));
            List<Subnet> subnets = lookup.ourSubnets(vpc.vpcId(), spec.clusterName());
            return new NetworkView(vpc.vpcId(), idsOfTier(subnets, SubnetLayout.PRIVATE), idsOfTier(subnets, SubnetLayout.PUBLIC), List.of());
        });
    }

    // ---------------------------------------------------------------- create

    private StepResult ensureCreated(ClusterSpec spec) {
        ResourceNames names = new ResourceNames(spec.clusterName());
        ClusterSpec.Network.Create create = spec.network().create();
        int azCount = create.azCount() == null ? 2 : create.azCount();
        List<SubnetLayout.PlannedSubnet> plan = SubnetLayout.plan(create.cidr(), azCount);
        List<String> zones = zones(azCount, create.availabilityZoneIds());
        List<String> created = new ArrayList<>();
        List<String> repaired = new ArrayList<>();
        List<String> drift = new ArrayList<>();

        // 1. VPC (DNS hostnames and support on: EKS private endpoint access needs both)
        Vpc vpc = lookup.findVpc(spec).orElse(null);
        boolean existed = vpc != null;
        if (vpc == null) {
            vpc = ec2.createVpc(r -> r.cidrBlock(create.cidr()).tagSpecifications(Ec2Tags.spec(ResourceType.VPC,
                    resourceTags.with(spec, Map.of("Name", names.vpc()))))).vpc();
            String id = vpc.vpcId();
            ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsSupport(AttributeBooleanValue.builder().value(true).build()));
            ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));
            created.add("vpc " + id);
        } else if (!vpc.cidrBlock().equals(create.cidr())) {
            drift.add("VPC " + vpc.vpcId() + " has CIDR " + vpc.cidrBlock() + " but the spec asks for " + create.cidr()
                    + " (a VPC's CIDR cannot change; delete the cluster to change it)");
        }
        String vpcId = vpc.vpcId();

        // 2. Subnets: private ones carry the discovery tag (Karpenter) and internal-elb; public ones elb.
        List<Subnet> existing = lookup.ourSubnets(vpcId, spec.clusterName());
        Map<String, List<String>> byTier = new LinkedHashMap<>();
        for (SubnetLayout.PlannedSubnet p : plan) {
            String az = zones.get(p.azIndex());
            String name = names.subnet(p.tier(), az);
            Map<String, String> tags = resourceTags.with(spec, subnetTags(spec, names, p.tier(), name));
            Subnet subnet = existing.stream().filter(s -> name.equals(Ec2Tags.map(s.tags()).get("Name"))).findFirst().orElse(null);
            if (subnet == null) {
                subnet = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(p.cidr()).availabilityZone(az)
                        .tagSpecifications(Ec2Tags.spec(ResourceType.SUBNET, tags))).subnet();
                created.add("subnet " + name);
            } else {
                Map<String, String> missing = resourceTags.toAdd(tags, Ec2Tags.map(subnet.tags()));
                if (!missing.isEmpty()) {
                    String id = subnet.subnetId();
                    ec2.createTags(r -> r.resources(id).tags(Ec2Tags.list(missing)));
                    repaired.add("tags " + missing.keySet() + " on " + name);
                }
                if (!p.cidr().equals(subnet.cidrBlock())) drift.add("subnet " + name + " has CIDR " + subnet.cidrBlock() + ", planned " + p.cidr());
            }
            byTier.computeIfAbsent(p.tier(), k -> new ArrayList<>()).add(subnet.subnetId());
        }
        List<String> privateIds = byTier.get(SubnetLayout.PRIVATE);
        List<String> publicIds = byTier.get(SubnetLayout.PUBLIC);

        // 3. Internet gateway and the public route table
        String igwId = ec2.describeInternetGateways(r -> r.filters(filter("attachment.vpc-id", vpcId))).internetGateways().stream()
                .map(g -> g.internetGatewayId()).findFirst().orElse(null);
        if (igwId == null) {
            String id = ec2.createInternetGateway(r -> r.tagSpecifications(Ec2Tags.spec(ResourceType.INTERNET_GATEWAY,
                    resourceTags.with(spec, Map.of("Name", names.internetGateway()))))).internetGateway().internetGatewayId();
            ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpcId));
            igwId = id;
            created.add("internet gateway " + id);
        }
        String publicRt = routeTable(spec, vpcId, SubnetLayout.PUBLIC, created);
        defaultRoute(publicRt, igwId, null, created, repaired);
        associate(publicRt, publicIds, created);

        // 4. One NAT gateway (with its Elastic IP) in the first public subnet
        NatGateway nat = lookup.findNat(spec, vpcId).orElse(null);
        if (nat == null) {
            String allocation = ensureElasticIp(spec, names, created);
            nat = ec2.createNatGateway(r -> r.subnetId(publicIds.get(0)).allocationId(allocation)
                    .tagSpecifications(Ec2Tags.spec(ResourceType.NATGATEWAY, resourceTags.with(spec, Map.of("Name", names.natGateway())))))
                    .natGateway();
            created.add("nat gateway " + nat.natGatewayId());
        }
        NetworkView view = new NetworkView(vpcId, privateIds, publicIds, List.of());
        Map<String, String> details = new LinkedHashMap<>(view.details());
        details.put("natGatewayId", nat.natGatewayId());
        if ("failed".equals(nat.stateAsString())) {
            return StepResult.failed(STEP, null, "NAT gateway " + nat.natGatewayId() + " failed: " + nat.failureMessage()
                    + "; teardown stage 'network' removes it, then run the bootstrap again");
        }
        if ("pending".equals(nat.stateAsString())) {
            return StepResult.waiting(STEP, null, "NAT gateway " + nat.natGatewayId() + " is pending" + summary(created, repaired), details);
        }

        // 5. Private route table: default route through the NAT gateway
        String privateRt = routeTable(spec, vpcId, SubnetLayout.PRIVATE, created);
        defaultRoute(privateRt, null, nat.natGatewayId(), created, repaired);
        associate(privateRt, privateIds, created);

        String status = !existed ? StepResult.CREATED : created.isEmpty() && repaired.isEmpty() ? StepResult.UNCHANGED : StepResult.UPDATED;
        String reason = (status.equals(StepResult.UNCHANGED) ? "exists and matches" : summary(created, repaired).substring(2))
                + (drift.isEmpty() ? "" : "; drift not repaired: " + String.join("; ", drift));
        return StepResult.done(STEP, null, status, reason, details);
    }

    private static Map<String, String> subnetTags(ClusterSpec spec, ResourceNames names, String tier, String name) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", name);
        tags.put(ResourceNames.SUBNET_TIER_TAG, tier);
        if (SubnetLayout.PUBLIC.equals(tier)) {
            tags.put(ResourceNames.ELB_ROLE_TAG, "1");
        } else {
            tags.put(ResourceNames.INTERNAL_ELB_ROLE_TAG, "1");
            tags.put(ResourceNames.DISCOVERY_TAG, spec.clusterName());
        }
        return tags;
    }

    /**
     * Zone names for the subnets: the named zone IDs in their order, else the region's first {@code azCount} zones (by
     * name) where EKS can place a control plane. Zone IDs, not names: names are shuffled per account, IDs are not,
     * and EKS documents its unsupported zones by ID.
     */
    private List<String> zones(int azCount, List<String> zoneIds) {
        List<AvailabilityZone> offered = ec2.describeAvailabilityZones(r -> r.filters(filter("state", "available"),
                filter("zone-type", "availability-zone"))).availabilityZones();
        if (zoneIds != null && !zoneIds.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (String id : zoneIds) {
                names.add(offered.stream().filter(z -> id.equals(z.zoneId())).map(AvailabilityZone::zoneName).findFirst()
                        .orElseThrow(() -> new InvalidStepInputException("network.create.availabilityZoneIds: " + id + " is not an available zone of "
                                + "this region; available: " + offered.stream().map(AvailabilityZone::zoneId).sorted().toList())));
            }
            return names;
        }
        List<String> zones = offered.stream().filter(z -> !SpecValidator.EKS_UNSUPPORTED_ZONE_IDS.contains(z.zoneId()))
                .map(AvailabilityZone::zoneName).sorted().toList();
        if (zones.size() < azCount) {
            throw new InvalidStepInputException("network.create.azCount is " + azCount + " but the region offers only " + zones.size()
                    + " availability zones where EKS can place a control plane: " + zones);
        }
        return zones.subList(0, azCount);
    }

    private String routeTable(ClusterSpec spec, String vpcId, String tier, List<String> created) {
        String name = new ResourceNames(spec.clusterName()).routeTable(tier);
        return ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpcId), tag("Name", name))).routeTables().stream()
                .map(RouteTable::routeTableId).findFirst().orElseGet(() -> {
                    String id = ec2.createRouteTable(r -> r.vpcId(vpcId).tagSpecifications(Ec2Tags.spec(ResourceType.ROUTE_TABLE,
                            resourceTags.with(spec, Map.of("Name", name, ResourceNames.SUBNET_TIER_TAG, tier))))).routeTable().routeTableId();
                    created.add("route table " + name);
                    return id;
                });
    }

    private void defaultRoute(String routeTableId, String gatewayId, String natGatewayId, List<String> created, List<String> repaired) {
        RouteTable rt = ec2.describeRouteTables(r -> r.routeTableIds(routeTableId)).routeTables().get(0);
        Route current = rt.routes().stream().filter(r -> ANYWHERE.equals(r.destinationCidrBlock())).findFirst().orElse(null);
        String target = gatewayId != null ? gatewayId : natGatewayId;
        if (current == null) {
            ec2.createRoute(r -> r.routeTableId(routeTableId).destinationCidrBlock(ANYWHERE).gatewayId(gatewayId).natGatewayId(natGatewayId));
            created.add("default route via " + target);
        } else if (!target.equals(current.gatewayId()) && !target.equals(current.natGatewayId())) {
            ec2.replaceRoute(r -> r.routeTableId(routeTableId).destinationCidrBlock(ANYWHERE).gatewayId(gatewayId).natGatewayId(natGatewayId));
            repaired.add("default route of " + routeTableId + " now via " + target);
        }
    }

    private void associate(String routeTableId, List<String> subnetIds, List<String> created) {
        RouteTable rt = ec2.describeRouteTables(r -> r.routeTableIds(routeTableId)).routeTables().get(0);
        for (String subnet : subnetIds) {
            boolean associated = rt.associations().stream().anyMatch(a -> subnet.equals(a.subnetId()));
            if (!associated) {
                ec2.associateRouteTable(r -> r.routeTableId(routeTableId).subnetId(subnet));
                created.add("association " + subnet + " -> " + routeTableId);
            }
        }
    }

    private String ensureElasticIp(ClusterSpec spec, ResourceNames names, List<String> created) {
        return lookup.findElasticIps(spec).stream().findFirst().map(Address::allocationId).orElseGet(() -> {
            String id = ec2.allocateAddress(r -> r.domain(DomainType.VPC).tagSpecifications(Ec2Tags.spec(ResourceType.ELASTIC_IP,
                    resourceTags.with(spec, Map.of("Name", names.natElasticIp()))))).allocationId();
            created.add("elastic ip " + id);
            return id;
        });
    }

    // ---------------------------------------------------------------- existing

    private StepResult ensureExisting(ClusterSpec spec) {
        NetworkView view = existingView(spec);
        List<String> repaired = new ArrayList<>();
        Map<String, String> discovery = Map.of(ResourceNames.DISCOVERY_TAG, spec.clusterName());
        for (Subnet s : lookup.subnets(view.privateSubnetIds())) {
            if (!ResourceTags.missing(discovery, Ec2Tags.map(s.tags())).isEmpty()) {
                ec2.createTags(r -> r.resources(s.subnetId()).tags(Ec2Tags.list(discovery)));
                repaired.add("discovery tag on " + s.subnetId());
            }
        }
        for (SecurityGroup g : lookup.securityGroups(view.securityGroupIds())) {
            if (!ResourceTags.missing(discovery, Ec2Tags.map(g.tags())).isEmpty()) {
                ec2.createTags(r -> r.resources(g.groupId()).tags(Ec2Tags.list(discovery)));
                repaired.add("discovery tag on " + g.groupId());
            }
        }
        return StepResult.done(STEP, null, repaired.isEmpty() ? StepResult.UNCHANGED : StepResult.UPDATED,
                repaired.isEmpty() ? "given subnets and security groups exist and carry the discovery tag" : "added " + String.join(", ", repaired),
                view.details());
    }

    /** Checks the given subnets and groups exist, sorts subnets into private and public by their routes. */
    private NetworkView existingView(ClusterSpec spec) {
        List<String> ids = spec.network().subnetIds() == null ? List.of() : spec.network().subnetIds();
        if (ids.isEmpty()) throw new InvalidStepInputException("network.subnetIds is empty and network.create is not set");
        List<Subnet> found = lookup.subnets(ids);
        List<String> missing = ids.stream().filter(id -> found.stream().noneMatch(s -> s.subnetId().equals(id))).toList();
        if (!missing.isEmpty()) throw new InvalidStepInputException("network.subnetIds: these subnets do not exist in " + "this region: " + missing);
        List<String> vpcs = found.stream().map(Subnet::vpcId).distinct().toList();
        if (vpcs.size() != 1) throw new InvalidStepInputException("network.subnetIds span several VPCs " + vpcs + "; an EKS cluster lives in one");
        String vpcId = vpcs.get(0);
        List<String> groupIds = spec.network().securityGroupIds() == null ? List.of() : spec.network().securityGroupIds();
        List<SecurityGroup> groups = lookup.securityGroups(groupIds);
        List<String> missingGroups = groupIds.stream().filter(id -> groups.stream().noneMatch(g -> g.groupId().equals(id))).toList();
        if (!missingGroups.isEmpty()) throw new InvalidStepInputException("network.securityGroupIds: these groups do not exist: " + missingGroups);

        List<RouteTable> tables = ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpcId))).routeTables();
        List<Subnet> privateSubnets = found.stream().filter(s -> !isPublic(s.subnetId(), tables)).toList();
        List<String> privateZones = privateSubnets.stream().map(Subnet::availabilityZone).distinct().toList();
        if (privateZones.size() < 2) {
            throw new InvalidStepInputException("network.subnetIds must include private subnets (no route to an internet gateway) in at "
                    + "least two availability zones for the Fargate profiles; private subnets found: "
                    + privateSubnets.stream().map(s -> s.subnetId() + "@" + s.availabilityZone()).toList());
        }
        return new NetworkView(vpcId, ids(privateSubnets),
                found.stream().filter(s -> isPublic(s.subnetId(), tables)).map(Subnet::subnetId).toList(), groupIds);
    }

    /** A subnet is public when its route table (explicit, else the VPC's main one) sends traffic to an internet gateway. */
    private static boolean isPublic(String subnetId, List<RouteTable> tables) {
        RouteTable rt = tables.stream().filter(t -> t.associations().stream().anyMatch(a -> subnetId.equals(a.subnetId()))).findFirst()
                .orElseGet(() -> tables.stream().filter(t -> t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main())))
                        .findFirst().orElse(null));
        return rt != null && rt.routes().stream().anyMatch(r -> r.gatewayId() != null && r.gatewayId().startsWith("igw-"));
    }

    // ---------------------------------------------------------------- delete

    /** Deletes the created network in dependency order; returns {@code done=false} while something is still going away. */
    public StepResult delete(ClusterSpec spec, String stage) {
        return new NetworkTeardown(ec2, lookup).delete(spec, stage);
    }

    private static List<String> idsOfTier(List<Subnet> subnets, String tier) {
        return subnets.stream().filter(s -> tier.equals(Ec2Tags.map(s.tags()).get(ResourceNames.SUBNET_TIER_TAG)))
                .sorted(Comparator.comparing(Subnet::availabilityZone)).map(Subnet::subnetId).toList();
    }

    private static List<String> ids(List<Subnet> subnets) {
        return subnets.stream().map(Subnet::subnetId).toList();
    }

    private static String summary(List<String> created, List<String> repaired) {
        StringBuilder s = new StringBuilder();
        if (!created.isEmpty()) s.append("; created ").append(String.join(", ", created));
        if (!repaired.isEmpty()) s.append("; repaired ").append(String.join(", ", repaired));
        return s.toString();
    }
}
