package dev.nodeless.aws.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodeless.aws.AwsTestSupport;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;

class NetworkTest {

    private AwsTestSupport.Fixture f;
    private Ec2Client ec2;
    private final ClusterSpec spec = AwsTestSupport.spec("demo");

    @BeforeEach
    void freshMoto() {
        f = AwsTestSupport.fresh();
        ec2 = f.clients().ec2();
    }

    @Test
    void create_buildsVpcSubnetsGatewaysAndRoutes_withDiscoveryTagsOnPrivateSubnets() {
        StepResult r = f.steps().network().ensure(AwsTestSupport.input(spec, null));

        assertThat(r.status()).isEqualTo(StepResult.CREATED);
        String vpcId = r.details().get("vpcId");
        assertThat(ec2.describeVpcs(x -> x.vpcIds(vpcId)).vpcs().get(0).cidrBlock()).isEqualTo("10.0.0.0/16");
        List<Subnet> subnets = ec2.describeSubnets(x -> x.filters(vpc(vpcId))).subnets();
        assertThat(subnets).hasSize(6);
        List<String> privateIds = List.of(r.details().get("privateSubnetIds").split(","));
        assertThat(privateIds).hasSize(3);
        for (Subnet s : subnets) {
            Map<String, String> tags = tags(s.tags());
            if (privateIds.contains(s.subnetId())) {
                assertThat(tags).containsEntry("karpenter.sh/discovery", "demo").containsEntry("kubernetes.io/role/internal-elb", "1");
            } else {
                assertThat(tags).containsEntry("kubernetes.io/role/elb", "1").doesNotContainKey("karpenter.sh/discovery");
            }
        }
        assertThat(subnets).extracting(Subnet::availabilityZone).containsOnly("eu-west-1a", "eu-west-1b", "eu-west-1c");
        var nat = ec2.describeNatGateways(x -> x.natGatewayIds(r.details().get("natGatewayId"))).natGateways().get(0);
        assertThat(r.details().get("publicSubnetIds")).contains(nat.subnetId());
        var privateRoute = ec2.describeRouteTables(x -> x.filters(Filter.builder().name("association.subnet-id").values(privateIds.get(0)).build()))
                .routeTables().get(0).routes();
        assertThat(privateRoute).anyMatch(rt -> "0.0.0.0/0".equals(rt.destinationCidrBlock()) && nat.natGatewayId().equals(rt.natGatewayId()));
        String aPublic = r.details().get("publicSubnetIds").split(",")[0];
        var publicRoute = ec2.describeRouteTables(x -> x.filters(Filter.builder().name("association.subnet-id").values(aPublic).build()))
                .routeTables().get(0).routes();
        assertThat(publicRoute).anyMatch(rt -> "0.0.0.0/0".equals(rt.destinationCidrBlock()) && rt.gatewayId() != null && rt.gatewayId().startsWith("igw-"));
    }

    @Test
    void create_neverUsesAZoneWhereEksCannotPlaceAControlPlane_andNamedZoneIdsAreUsedInOrder() {
        // moto's us-east-1 has six zones; us-east-1e is use1-az3, which EKS documents as unsupported.
        var east = dev.nodeless.testing.MotoServer.get().clients("us-east-1").ec2();
        Network network = new Network(east, new dev.nodeless.aws.ResourceTags(AwsTestSupport.OWNER));
        ClusterSpec five = AwsTestSupport.withNetwork(spec, new ClusterSpec.Network(null, null, new ClusterSpec.Network.Create("10.0.0.0/16", 5)));

        network.ensure(AwsTestSupport.input(five, null));

        java.util.Set<String> used = new java.util.TreeSet<>();
        east.describeSubnets(r -> r.filters(Ec2Tags.tag(ResourceNames.CLUSTER_TAG, "demo"))).subnets().forEach(s -> used.add(s.availabilityZoneId()));
        assertThat(used).hasSize(5).doesNotContain("use1-az3");

        ClusterSpec named = AwsTestSupport.withNetwork(AwsTestSupport.spec("named"), new ClusterSpec.Network(null, null,
                new ClusterSpec.Network.Create("10.1.0.0/16", 2, java.util.List.of("use1-az4", "use1-az1"))));
        network.ensure(AwsTestSupport.input(named, null));
        java.util.Set<String> namedZones = new java.util.TreeSet<>();
        east.describeSubnets(r -> r.filters(Ec2Tags.tag(ResourceNames.CLUSTER_TAG, "named"))).subnets().forEach(s -> namedZones.add(s.availabilityZoneId()));
        assertThat(namedZones).containsExactly("use1-az1", "use1-az4");

        ClusterSpec unknown = AwsTestSupport.withNetwork(AwsTestSupport.spec("unknown"), new ClusterSpec.Network(null, null,
                new ClusterSpec.Network.Create("10.2.0.0/16", 2, java.util.List.of("use1-az1", "euw1-az1"))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> network.ensure(AwsTestSupport.input(unknown, null)))
                .hasMessageContaining("euw1-az1 is not an available zone of this region");
    }

    @Test
    void create_twice_isUnchangedWithTheSameIds() {
        StepResult first = f.steps().network().ensure(AwsTestSupport.input(spec, null));
        StepResult second = f.steps().network().ensure(AwsTestSupport.input(spec, null));

        assertThat(second.status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(second.details()).isEqualTo(first.details());
        assertThat(ec2.describeNatGateways(x -> x.filter(Filter.builder().name("state").values("available", "pending").build())).natGateways()).hasSize(1);
        assertThat(ec2.describeAddresses().addresses()).hasSize(1);
    }

    @Test
    void removedTagOrRoute_isRepaired_andReported() {
        StepResult first = f.steps().network().ensure(AwsTestSupport.input(spec, null));
        String privateSubnet = first.details().get("privateSubnetIds").split(",")[0];
        ec2.deleteTags(x -> x.resources(privateSubnet).tags(Tag.builder().key("karpenter.sh/discovery").build()));

        StepResult r = f.steps().network().ensure(AwsTestSupport.input(spec, null));

        assertThat(r.status()).isEqualTo(StepResult.UPDATED);
        assertThat(r.reason()).contains("karpenter.sh/discovery");
        assertThat(tags(ec2.describeSubnets(x -> x.subnetIds(privateSubnet)).subnets().get(0).tags())).containsEntry("karpenter.sh/discovery", "demo");
    }

    @Test
    void existingNetwork_missingSubnet_isRejectedNamingIt_andNothingIsTagged() {
        String vpcId = ec2.createVpc(x -> x.cidrBlock("10.1.0.0/16")).vpc().vpcId();
        String a = subnet(vpcId, "10.1.0.0/24", "eu-west-1a");
        ClusterSpec existing = AwsTestSupport.withNetwork(spec, new ClusterSpec.Network(List.of(a, "subnet-0000000000000dead"), null, null));

        assertThatThrownBy(() -> f.steps().network().ensure(AwsTestSupport.input(existing, null)))
                .isInstanceOf(InvalidStepInputException.class).hasMessageContaining("subnet-0000000000000dead");
        assertThat(tags(ec2.describeSubnets(x -> x.subnetIds(a)).subnets().get(0).tags())).doesNotContainKey("karpenter.sh/discovery");
    }

    @Test
    void existingNetwork_withPrivateSubnetsInOneZoneOnly_isRejectedForFargate() {
        String vpcId = ec2.createVpc(x -> x.cidrBlock("10.1.0.0/16")).vpc().vpcId();
        String a = subnet(vpcId, "10.1.0.0/24", "eu-west-1a");
        String b = subnet(vpcId, "10.1.1.0/24", "eu-west-1a");
        ClusterSpec existing = AwsTestSupport.withNetwork(spec, new ClusterSpec.Network(List.of(a, b), null, null));

        assertThatThrownBy(() -> f.steps().network().ensure(AwsTestSupport.input(existing, null)))
                .isInstanceOf(InvalidStepInputException.class).hasMessageContaining("at least two availability zones");
    }

    @Test
    void existingNetwork_isTaggedForDiscovery_andTeardownRemovesOnlyTheTag() {
        String vpcId = ec2.createVpc(x -> x.cidrBlock("10.1.0.0/16")).vpc().vpcId();
        String a = subnet(vpcId, "10.1.0.0/24", "eu-west-1a");
        String b = subnet(vpcId, "10.1.1.0/24", "eu-west-1b");
        String sg = ec2.createSecurityGroup(x -> x.groupName("nodes").description("nodes").vpcId(vpcId)).groupId();
        ClusterSpec existing = AwsTestSupport.withNetwork(spec, new ClusterSpec.Network(List.of(a, b), List.of(sg), null));

        StepResult first = f.steps().network().ensure(AwsTestSupport.input(existing, null));
        StepResult second = f.steps().network().ensure(AwsTestSupport.input(existing, null));
        assertThat(first.status()).isEqualTo(StepResult.UPDATED);
        assertThat(second.status()).isEqualTo(StepResult.UNCHANGED);
        assertThat(first.details()).containsEntry("vpcId", vpcId).containsEntry("privateSubnetIds", a + "," + b);
        assertThat(tags(ec2.describeSecurityGroups(x -> x.groupIds(sg)).securityGroups().get(0).tags())).containsEntry("karpenter.sh/discovery", "demo");

        StepResult teardown = f.steps().network().delete(existing, "network");

        assertThat(teardown.status()).isEqualTo(StepResult.DELETED);
        assertThat(ec2.describeSubnets(x -> x.subnetIds(a, b)).subnets()).hasSize(2)
                .allSatisfy(s -> assertThat(tags(s.tags())).doesNotContainKey("karpenter.sh/discovery"));
        assertThat(ec2.describeVpcs(x -> x.vpcIds(vpcId)).vpcs()).hasSize(1);
    }

    @Test
    void teardown_deletesNatGatewayAndReleasesItsAddress_thenTheVpc() {
        StepResult created = f.steps().network().ensure(AwsTestSupport.input(spec, null));

        StepResult deleted = f.steps().network().delete(spec, "network");

        assertThat(deleted.status()).isEqualTo(StepResult.DELETED);
        assertThat(ec2.describeNatGateways(x -> x.natGatewayIds(created.details().get("natGatewayId"))).natGateways().get(0).stateAsString())
                .isEqualTo("deleted");
        assertThat(ec2.describeAddresses().addresses()).isEmpty();
        assertThat(ec2.describeVpcs(x -> x.filters(Filter.builder().name("tag:nodeless.dev/cluster").values("demo").build())).vpcs()).isEmpty();
        assertThat(ec2.describeSubnets(x -> x.filters(vpc(created.details().get("vpcId")))).subnets()).isEmpty();
        assertThat(f.steps().network().delete(spec, "network").status()).isEqualTo(StepResult.ABSENT);
    }

    @Test
    void pendingNatGateway_makesTheStepWait_andTheNextCallFinishesThePrivateRoutes() {
        // moto's NAT gateways are available at once; real ones are pending for a minute or two. Report the first as pending.
        boolean[] pending = {true};
        Ec2Client slowNat = (Ec2Client) java.lang.reflect.Proxy.newProxyInstance(Ec2Client.class.getClassLoader(), new Class<?>[] {Ec2Client.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(ec2, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (pending[0] && result instanceof software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse r) {
                        return r.toBuilder().natGateways(r.natGateways().stream().map(n -> n.toBuilder().state("pending").build()).toList()).build();
                    }
                    if (pending[0] && result instanceof software.amazon.awssdk.services.ec2.model.CreateNatGatewayResponse r) {
                        return r.toBuilder().natGateway(r.natGateway().toBuilder().state("pending").build()).build();
                    }
                    return result;
                });
        Network network = new Network(slowNat, new dev.nodeless.aws.ResourceTags(AwsTestSupport.OWNER));

        StepResult waiting = network.ensure(AwsTestSupport.input(spec, null));
        assertThat(waiting.done()).isFalse();
        assertThat(waiting.reason()).contains("is pending");
        assertThat(ec2.describeRouteTables(x -> x.filters(Filter.builder().name("tag:Name").values("nodeless-demo-private").build())).routeTables())
                .as("no private default route to a NAT gateway that is not there yet").isEmpty();

        pending[0] = false;
        StepResult done = network.ensure(AwsTestSupport.input(spec, null));

        assertThat(done.done()).isTrue();
        assertThat(done.details().get("natGatewayId")).isEqualTo(waiting.details().get("natGatewayId"));
        assertThat(done.reason()).contains("route table nodeless-demo-private").doesNotContain("nat gateway");
        assertThat(network.ensure(AwsTestSupport.input(spec, null)).status()).isEqualTo(StepResult.UNCHANGED);
    }

    private String subnet(String vpcId, String cidr, String az) {
        return ec2.createSubnet(x -> x.vpcId(vpcId).cidrBlock(cidr).availabilityZone(az)).subnet().subnetId();
    }

    private static Filter vpc(String id) {
        return Filter.builder().name("vpc-id").values(id).build();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(java.util.stream.Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value()));
    }
}
