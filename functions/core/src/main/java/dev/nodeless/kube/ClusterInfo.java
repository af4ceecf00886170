package dev.nodeless.kube;

/**
 * What DescribeCluster says about a cluster, as far as the Kubernetes phase cares.
 *
 * @param status   EKS status: CREATING, ACTIVE, DELETING, FAILED, UPDATING, PENDING
 * @param endpoint null until the cluster has an API endpoint and CA
 */
public record ClusterInfo(String name, String status, String kubernetesVersion, String vpcId, ClusterEndpoint endpoint) {
    public boolean active() { return "ACTIVE".equals(status) && endpoint != null; }
}
