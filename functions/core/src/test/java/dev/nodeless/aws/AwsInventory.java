package dev.nodeless.aws;

import dev.nodeless.spec.ResourceNames;
import dev.nodeless.testing.EksAddonAndAccessEntryStub;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.SortedSet;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Everything of one cluster that exists in moto (and in the add-on/access-entry stub), as sorted "kind:id" strings:
 * equal inventories mean nothing was created or replaced; an empty one means teardown left nothing behind.
 */
public final class AwsInventory {

    private AwsInventory() {}

    public static SortedSet<String> of(AwsClients c, EksAddonAndAccessEntryStub eks, String cluster, String registryTable) {
        SortedSet<String> all = new TreeSet<>();
        String prefix = "nodeless-" + cluster;
        c.iam().listRolesPaginator().roles().forEach(r -> { if (r.roleName().startsWith(prefix)) all.add("role:" + r.roleName() + "@" + r.roleId()); });
        c.iam().listInstanceProfilesPaginator().instanceProfiles().forEach(p -> {
            if (p.instanceProfileName().startsWith(prefix)) all.add("instance-profile:" + p.instanceProfileName() + "@" + p.instanceProfileId());
        });
        c.iam().listOpenIDConnectProviders().openIDConnectProviderList().forEach(p -> all.add("oidc-provider:" + p.arn()));
        Filter ours = Filter.builder().name("tag:" + ResourceNames.CLUSTER_TAG).values(cluster).build();
        c.ec2().describeVpcs(r -> r.filters(ours)).vpcs().forEach(v -> all.add("vpc:" + v.vpcId()));
        c.ec2().describeSubnets(r -> r.filters(ours)).subnets().forEach(s -> all.add("subnet:" + s.subnetId()));
        c.ec2().describeInternetGateways(r -> r.filters(ours)).internetGateways().forEach(g -> all.add("igw:" + g.internetGatewayId()));
        c.ec2().describeRouteTables(r -> r.filters(ours)).routeTables().forEach(t -> all.add("route-table:" + t.routeTableId()));
        c.ec2().describeNatGateways(r -> r.filter(ours)).natGateways().forEach(n -> {
            if (!"deleted".equals(n.stateAsString())) all.add("nat:" + n.natGatewayId());
        });
        c.ec2().describeAddresses(r -> r.filters(ours)).addresses().forEach(a -> all.add("eip:" + a.allocationId()));
        String queuePrefix = ResourceNames.QUEUE_AND_RULE_PREFIX + cluster;
        c.sqs().listQueues(r -> r.queueNamePrefix(queuePrefix)).queueUrls().forEach(q -> all.add("queue:" + q));
        c.events().listRules(r -> r.namePrefix(queuePrefix)).rules().forEach(r -> all.add("rule:" + r.name()));
        // KMS keys cannot be deleted at once: a key scheduled for deletion (7 days) counts as gone, an enabled one as left.
        String alias = new ResourceNames(cluster).kmsAlias();
        c.kms().listAliases().aliases().stream().filter(a -> a.aliasName().equals(alias)).forEach(a -> {
            all.add("kms-alias:" + a.aliasName());
            var key = c.kms().describeKey(r -> r.keyId(a.targetKeyId())).keyMetadata();
            if (key.keyState() != software.amazon.awssdk.services.kms.model.KeyState.PENDING_DELETION) all.add("kms-key:" + key.arn());
        });
        if (c.eks().listClusters().clusters().contains(cluster)) {
            all.add("cluster:" + c.eks().describeCluster(r -> r.name(cluster)).cluster().arn());
            c.eks().listFargateProfiles(r -> r.clusterName(cluster)).fargateProfileNames().forEach(p -> all.add("fargate-profile:" + p));
            eks.listAddons(r -> r.clusterName(cluster)).addons().forEach(a -> all.add("addon:" + a));
            eks.listAccessEntries(r -> r.clusterName(cluster)).accessEntries().forEach(e -> all.add("access-entry:" + e));
        }
        if (registryTable != null) {
            c.dynamo().scan(r -> r.tableName(registryTable)).items().forEach(i -> {
                if (cluster.equals(i.get("clusterName").s())) all.add("registry:" + cluster);
            });
        }
        return all;
    }

    public static List<String> kinds(SortedSet<String> inventory) {
        List<String> kinds = new ArrayList<>();
        inventory.forEach(i -> kinds.add(i.substring(0, i.indexOf(':'))));
        return kinds;
    }
}
