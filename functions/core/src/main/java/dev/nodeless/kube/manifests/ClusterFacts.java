package dev.nodeless.kube.manifests;

/**
 * PLACEHOLDER owned by the "spec" helper, present on the kube branch only so the applyKubernetes handler
 * compiles; replace it with the spec helper's version at merge (then adapt {@code KubernetesPhase#facts}).
 *
 * <p>Facts about the live cluster that the manifests need and the spec does not hold.
 */
public record ClusterFacts(
        String clusterName,
        String region,
        String accountId,
        String kubernetesVersion,
        String endpoint,
        String vpcId,
        String karpenterRoleArn,
        String loadBalancerControllerRoleArn,
        String externalDnsRoleArn,
        String nodeRoleName,
        String interruptionQueueName) {}
