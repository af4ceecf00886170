package dev.nodeless.bootstrap;

import dev.nodeless.spec.ClusterSpec;
import dev.nodeless.spec.ResourceNames;

/**
 * What the Kubernetes phase needs to know about the AWS side of a cluster, learnt by the earlier steps
 * (or placeholders, for the offline plan). Plain data: the manifests are a pure function of spec and facts.
 *
 * @param kubernetesVersion the cluster's real version (charts are rendered for it), e.g. {@code 1.33}
 * @param endpoint          the API server URL, or {@code null} when unknown (Karpenter then discovers it)
 * @param loadBalancerControllerWebhook the controller's webhook certificate already on the cluster, or {@code null}
 */
public record ClusterFacts(
        String accountId,
        String region,
        String vpcId,
        String kubernetesVersion,
        String endpoint,
        String interruptionQueueName,
        String karpenterRoleArn,
        String loadBalancerControllerRoleArn,
        String externalDnsRoleArn,
        String nodeRoleName,
        WebhookCertificate loadBalancerControllerWebhook) {

    /** Without a kept webhook certificate (the form before it; the chart then makes a new one). */
    public ClusterFacts(String accountId, String region, String vpcId, String kubernetesVersion, String endpoint, String interruptionQueueName,
                        String karpenterRoleArn, String loadBalancerControllerRoleArn, String externalDnsRoleArn, String nodeRoleName) {
        this(accountId, region, vpcId, kubernetesVersion, endpoint, interruptionQueueName, karpenterRoleArn, loadBalancerControllerRoleArn,
                externalDnsRoleArn, nodeRoleName, null);
    }

    /** The same facts with the load balancer controller's webhook certificate found on the cluster ({@code null}: none yet). */
    public ClusterFacts withLoadBalancerControllerWebhook(WebhookCertificate certificate) {
        return new ClusterFacts(accountId, region, vpcId, kubernetesVersion, endpoint, interruptionQueueName, karpenterRoleArn,
                loadBalancerControllerRoleArn, externalDnsRoleArn, nodeRoleName, certificate);
    }

    /** Account id the offline plan uses: obviously not a real one. */
    public static final String PLANNED_ACCOUNT = "000000000000";
    public static final String PLANNED_VPC = "vpc-PLANNED";
    public static final String PLANNED_ENDPOINT = "https://PLANNED.eks.amazonaws.com";

    /** Facts whose names follow from the spec ({@link ResourceNames}); only account, VPC and endpoint are learnt. */
    public static ClusterFacts derive(ClusterSpec spec, String accountId, String vpcId, String kubernetesVersion, String endpoint) {
        ResourceNames n = new ResourceNames(spec.clusterName());
        String rolePrefix = "arn:" + partition(spec.region()) + ":iam::" + accountId + ":role" + ResourceNames.IAM_PATH;
        return new ClusterFacts(accountId, spec.region(), vpcId, kubernetesVersion, endpoint, n.interruptionQueue(),
                rolePrefix + n.karpenterControllerRole(), rolePrefix + n.loadBalancerControllerRole(),
                rolePrefix + n.externalDnsRole(), n.nodeRole());
    }

    /** Placeholders for {@code nodeless plan}: no AWS call is made, and every learnt value says PLANNED. */
    public static ClusterFacts planned(ClusterSpec spec) {
        return derive(spec, PLANNED_ACCOUNT, PLANNED_VPC, spec.kubernetesVersion(), PLANNED_ENDPOINT);
    }

    static String partition(String region) {
        if (region.startsWith("cn-")) return "aws-cn";
        if (region.startsWith("us-gov-")) return "aws-us-gov";
        return "aws";
    }
}
