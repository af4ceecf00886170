package dev.nodeless.aws.ec2;

import dev.nodeless.aws.AwsClients;
import dev.nodeless.aws.SignedHttp;
import dev.nodeless.maintenance.InstanceDirectory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.nodeless.aws.Lazy;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import org.w3c.dom.Element;

/**
 * Resolves EC2 instances to their cluster by tags (EC2 events carry none). Tags in order of trust:
 * {@code eks:eks-cluster-name} (set by EKS), {@code kubernetes.io/cluster/<name>} (set by Karpenter and the
 * cloud provider), {@code karpenter.sh/discovery} (the discovery tag the bootstrap puts on node templates).
 * Uses an {@code instance-id} filter rather than {@code InstanceIds}, so an id that no longer exists is simply
 * absent instead of failing the whole call with InvalidInstanceID.NotFound.
 *
 * <p>Calls EC2's Query API directly ({@link Ec2Query}) instead of the SDK's {@code Ec2Client}: this is the maintenance
 * function's only EC2 call, and the EC2 SDK module alone would more than double its package (26 MB of 68 MB),
 * which costs cold-start time on every new container.
 */
public final class InstanceResolver implements InstanceDirectory {

    static final String EKS_CLUSTER_TAG = "eks:eks-cluster-name";
    static final String K8S_CLUSTER_TAG_PREFIX = "kubernetes.io/cluster/";
    static final String DISCOVERY_TAG = "karpenter.sh/discovery";
    /** Instances per DescribeInstances page (EC2 allows 5..1000 with filters); one page covers any one event. */
    static final int PAGE = 100;

    private final Lazy<Ec2Query> ec2;
    private final int pageSize;

    /**
     * Production: the region, credentials and endpoint override of {@code aws}, over the URL-connection client. The
     * HTTP client and the region's endpoint metadata are set up on the first call: the same Lambda container also
     * classifies events, which never reads instances, and setting them up costs about 0.3 s of a cold start.
     */
    public InstanceResolver(AwsClients aws) {
        this(() -> new Ec2Query(aws.region(), aws.endpoint(), aws.credentials(), SignedHttp.URL_CONNECTION), PAGE);
    }

    InstanceResolver(Region region, Optional<URI> endpoint, AwsCredentialsProvider credentials, SignedHttp.Transport http, int pageSize) {
        this(() -> new Ec2Query(region, endpoint, credentials, http), pageSize);
    }

    private InstanceResolver(Supplier<Ec2Query> create, int pageSize) {
        this.ec2 = new Lazy<>(create);
        this.pageSize = pageSize;
    }

    private Ec2Query ec2() {
        return ec2.get();
    }

    @Override
    public Map<String, InstanceDirectory.Instance> describe(Collection<String> instanceIds) {
        Map<String, InstanceDirectory.Instance> found = new LinkedHashMap<>();
        if (instanceIds.isEmpty()) return found;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Filter.1.Name", "instance-id");
        int n = 0;
        for (String id : instanceIds) params.put("Filter.1.Value." + (++n), id);
        params.put("MaxResults", Integer.toString(pageSize));
        String next = null;
        do {
            if (next != null) params.put("NextToken", next);
            Element page = ec2().call("DescribeInstances", params);
            for (Element reservation : Ec2Query.items(Ec2Query.child(page, "reservationSet"))) {
                for (Element i : Ec2Query.items(Ec2Query.child(reservation, "instancesSet"))) {
                    Instance instance = instance(i);
                    found.put(instance.instanceId(), instance);
                }
            }
            next = Ec2Query.text(Ec2Query.child(page, "nextToken"));
        } while (next != null && !next.isEmpty());
        return found;
    }

    /** Reads one {@code instancesSet/item}: only its own fields (network interfaces nest a privateDnsName too). */
    static Instance instance(Element i) {
        String id = Ec2Query.text(Ec2Query.child(i, "instanceId"));
        String dns = Ec2Query.text(Ec2Query.child(i, "privateDnsName"));
        Map<String, String> tags = new LinkedHashMap<>();
        for (Element t : Ec2Query.items(Ec2Query.child(i, "tagSet"))) {
            String value = Ec2Query.text(Ec2Query.child(t, "value"));
            tags.put(Ec2Query.text(Ec2Query.child(t, "key")), value == null ? "" : value);
        }
        List<String> hints = new ArrayList<>();
        if (dns != null && !dns.isBlank()) hints.add(dns);
        hints.add(id);
        return new Instance(id, clusterOf(tags).orElse(null), hints);
    }

    static Optional<String> clusterOf(Map<String, String> tags) {
        String eks = tags.get(EKS_CLUSTER_TAG);
        if (eks != null && !eks.isBlank()) return Optional.of(eks);
        Optional<String> k8s = tags.keySet().stream().filter(k -> k.startsWith(K8S_CLUSTER_TAG_PREFIX))
                .map(k -> k.substring(K8S_CLUSTER_TAG_PREFIX.length())).filter(name -> !name.isBlank()).findFirst();
        if (k8s.isPresent()) return k8s;
        return Optional.ofNullable(tags.get(DISCOVERY_TAG)).filter(v -> !v.isBlank());
    }
}
