package dev.nodeless.sim;

/**
 * The workload's own behaviour on a drain and a start. Sources and reasoning for each default: docs/simulate.md.
 *
 * @param replicasPerWorkload   the initial pods of one size form Deployments of this many replicas, spread over the
 *                              nodes (replica k of a size's i-th pod: Deployment i mod (pods of that size / replicas))
 * @param pdbShare              share of those Deployments with a PodDisruptionBudget
 * @param maxUnavailable        that budget's {@code maxUnavailable}: an eviction is refused (HTTP 429) while this many
 *                              replicas are not Ready
 * @param doNotDisruptShare     share of Deployments whose pods carry {@code karpenter.sh/do-not-disrupt: "true"}
 * @param imagePullSeconds      a pod's image pull on a node that has not run that Deployment yet (cached after)
 * @param readinessSeconds      container start to Ready (readiness probe), on every start
 */
public record WorkloadParams(Integer replicasPerWorkload, Double pdbShare, Integer maxUnavailable, Double doNotDisruptShare,
                             Double imagePullSeconds, Double readinessSeconds) {
    public WorkloadParams {
        if (replicasPerWorkload == null) replicasPerWorkload = 3;
        if (pdbShare == null) pdbShare = 0.0;
        if (maxUnavailable == null) maxUnavailable = 1;
        if (doNotDisruptShare == null) doNotDisruptShare = 0.0;
        if (imagePullSeconds == null) imagePullSeconds = 10.0;
        if (readinessSeconds == null) readinessSeconds = 5.0;
        if (replicasPerWorkload < 1 || maxUnavailable < 1) {
            throw new IllegalArgumentException("workloads: need replicasPerWorkload >= 1 and maxUnavailable >= 1");
        }
        if (pdbShare < 0 || pdbShare > 1 || doNotDisruptShare < 0 || doNotDisruptShare > 1) {
            throw new IllegalArgumentException("workloads: pdbShare and doNotDisruptShare must be in [0, 1]");
        }
        if (imagePullSeconds < 0 || readinessSeconds < 0) {
            throw new IllegalArgumentException("workloads: imagePullSeconds and readinessSeconds must be >= 0");
        }
    }

    static WorkloadParams defaults() {
        return new WorkloadParams(null, null, null, null, null, null);
    }
}
