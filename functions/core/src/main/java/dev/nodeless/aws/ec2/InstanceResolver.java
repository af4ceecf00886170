package dev.nodeless.aws.ec2;

import dev.nodeless.maintenance.InstanceDirectory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;

import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Resolves EC2 instances to their cluster by tags (EC2 events carry none). Tags in order of trust:
 * {@code eks:eks-cluster-name} (set by EKS), {@code kubernetes.io/cluster/<name>} (set by Karpenter and the
 * cloud provider), {@code karpenter.sh/discovery} (the discovery tag the bootstrap puts on node templates).
 * Uses an {@code instance-id} filter rather than {@code InstanceIds}, so an id that no longer exists is simply
 * absent instead of failing the whole call with InvalidInstanceID.NotFound.
 */
public final class InstanceResolver implements InstanceDirectory {

    static final String EKS_CLUSTER_TAG = "eks:eks-cluster-name";
    static final String K8S_CLUSTER_TAG_PREFIX = "kubernetes.io/cluster/";
    static final String DISCOVERY_TAG = "karpenter.sh/discovery";

    private final Ec2Client ec2;

    public InstanceResolver(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public Map<String, InstanceDirectory.Instance> describe(Collection<String> instanceIds) {
        Map<String, InstanceDirectory.Instance> found = new LinkedHashMap<>();
        if (instanceIds.isEmpty()) return found;
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                .filters(Filter.builder().name("instance-id").values(instanceIds).build()).build();
        for (Reservation r : ec2.describeInstancesPaginator(request).reservations()) {
            for (software.amazon.awssdk.services.ec2.model.Instance i : r.instances()) {
                List<String> hints = new ArrayList<>();
                if (i.privateDnsName() != null && !i.privateDnsName().isBlank()) hints.add(i.privateDnsName());
                hints.add(i.instanceId());
                found.put(i.instanceId(), new InstanceDirectory.Instance(i.instanceId(), clusterOf(i.tags()).orElse(null), hints));
            }
        }
        return found;
    }

    static Optional<String> clusterOf(List<Tag> tags) {
        Optional<String> eks = tags.stream().filter(t -> EKS_CLUSTER_TAG.equals(t.key())).map(Tag::value).findFirst();
        if (eks.isPresent()) return eks;
        Optional<String> k8s = tags.stream().filter(t -> t.key().startsWith(K8S_CLUSTER_TAG_PREFIX))
                .map(t -> t.key().substring(K8S_CLUSTER_TAG_PREFIX.length())).filter(n -> !n.isBlank()).findFirst();
        if (k8s.isPresent()) return k8s;
        return tags.stream().filter(t -> DISCOVERY_TAG.equals(t.key())).map(Tag::value).filter(v -> !v.isBlank()).findFirst();
    }
}
