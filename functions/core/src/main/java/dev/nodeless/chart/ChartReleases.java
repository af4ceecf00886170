package dev.nodeless.chart;

import dev.nodeless.bootstrap.ClusterFacts;
import dev.nodeless.bootstrap.WebhookCertificate;
import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Helm releases of a cluster and their values, in install order. Pure: the same spec and facts give the
 * same values. Keys are the charts' own (checked against the real charts by the rendering tests).
 */
public final class ChartReleases {

    public static final String LOAD_BALANCER_CONTROLLER_CHART_VERSION = "3.5.0";
    public static final String EXTERNAL_DNS_CHART_VERSION = "1.21.1";
    static final String IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

    private ChartReleases() {}

    public static List<ChartRelease> of(ClusterSpec spec, ClusterFacts facts) {
        List<ChartRelease> releases = new ArrayList<>();
        releases.add(karpenter(spec, facts));
        if (spec.addons().loadBalancerController().enabled()) releases.add(loadBalancerController(spec, facts));
        if (spec.addons().externalDns().enabled()) releases.add(externalDns(spec, facts));
        return releases;
    }

    /** Karpenter's controller runs on the karpenter Fargate profile (its namespace), with IRSA (Pod Identity does not work on Fargate). */
    static ChartRelease karpenter(ClusterSpec spec, ClusterFacts facts) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("clusterName", spec.clusterName());
        // The key Karpenter reads; eksctl once set a misspelt one, which silently disabled interruption handling.
        settings.put("interruptionQueue", facts.interruptionQueueName());
        if (facts.endpoint() != null) settings.put("clusterEndpoint", facts.endpoint());
        // the top-level buffer or any NodePool's own may be a CapacityBuffer
        boolean capacityBuffers = ClusterSpec.Buffer.CAPACITY_BUFFER.equals(spec.buffer().backend())
                || dev.nodeless.spec.NodePools.buffered(spec).stream().anyMatch(p -> ClusterSpec.Buffer.CAPACITY_BUFFER.equals(p.buffer().backend()));
        if (capacityBuffers) {
            settings.put("featureGates", Map.of("capacityBuffer", true));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("settings", settings);
        values.put("serviceAccount", serviceAccount(ResourceNames.KARPENTER_SA.name(), facts.karpenterRoleArn()));
        // Fargate sizes the pod from its requests; Karpenter's documented sizing for its controller.
        values.put("controller", Map.of("resources", Map.of(
                "requests", Map.of("cpu", "1", "memory", "1Gi"),
                "limits", Map.of("cpu", "1", "memory", "1Gi"))));
        return new ChartRelease("karpenter", spec.karpenter().version(), ResourceNames.KARPENTER_RELEASE,
                ResourceNames.KARPENTER_SA.namespace(), facts.kubernetesVersion(), values);
    }

    /**
     * On Fargate there is no instance metadata, so the VPC and region must be given. Targets are pod IPs
     * ({@code defaultTargetType: ip}, the chart's default is {@code instance}): Fargate pods have no node port to
     * target, and a spot node that goes away takes instance targets with it while ip targets move with the pods. The
     * backend security group stays on (the chart's default, stated): the controller opens only that group to the
     * load balancers and adds it to the cluster security group that Karpenter's nodes and Fargate pods use.
     */
    static ChartRelease loadBalancerController(ClusterSpec spec, ClusterFacts facts) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("clusterName", spec.clusterName());
        values.put("region", spec.region());
        values.put("vpcId", facts.vpcId());
        values.put("defaultTargetType", "ip");
        values.put("enableBackendSecurityGroup", true);
        values.put("serviceAccount", serviceAccount(ResourceNames.LOAD_BALANCER_CONTROLLER_SA.name(), facts.loadBalancerControllerRoleArn()));
        // The chart's own "keep" (keepTLSSecret) relies on Helm's lookup, which a render without a cluster cannot do:
        // the certificate already on the cluster is passed in instead, so a re-run renders the same Secret and caBundle.
        WebhookCertificate kept = facts.loadBalancerControllerWebhook();
        if (kept != null) values.put("webhookTLS", Map.of("caCert", kept.caCert(), "cert", kept.cert(), "key", kept.key()));
        return new ChartRelease("aws-load-balancer-controller", LOAD_BALANCER_CONTROLLER_CHART_VERSION,
                ResourceNames.LOAD_BALANCER_CONTROLLER_RELEASE, ResourceNames.LOAD_BALANCER_CONTROLLER_SA.namespace(),
                facts.kubernetesVersion(), values);
    }

    /**
     * ExternalDNS limited to the spec's domain and hosted zone. {@code policy: sync} so records of deleted Services
     * go too; the TXT registry with {@code txtOwnerId} = cluster keeps it to records this cluster created.
     */
    static ChartRelease externalDns(ClusterSpec spec, ClusterFacts facts) {
        ClusterSpec.Addons.ExternalDns dns = spec.addons().externalDns();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("provider", Map.of("name", "aws"));
        values.put("policy", "sync");
        values.put("registry", "txt");
        values.put("txtOwnerId", spec.clusterName());
        values.put("domainFilters", List.of(dns.domain()));
        values.put("extraArgs", List.of("--zone-id-filter=" + dns.hostedZoneId()));
        values.put("env", List.of(Map.of("name", "AWS_DEFAULT_REGION", "value", spec.region())));
        values.put("serviceAccount", serviceAccount(ResourceNames.EXTERNAL_DNS_SA.name(), facts.externalDnsRoleArn()));
        return new ChartRelease("external-dns", EXTERNAL_DNS_CHART_VERSION, ResourceNames.EXTERNAL_DNS_RELEASE,
                ResourceNames.EXTERNAL_DNS_SA.namespace(), facts.kubernetesVersion(), values);
    }

    private static Map<String, Object> serviceAccount(String name, String roleArn) {
        return Map.of("create", true, "name", name, "annotations", Map.of(IRSA_ANNOTATION, roleArn));
    }
}
