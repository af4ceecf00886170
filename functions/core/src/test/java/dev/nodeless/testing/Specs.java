package dev.nodeless.testing;

import dev.nodeless.spec.ClusterSpec;

/** A normalised cluster spec with the runbook's buffer (baseline 2 x 1 CPU), as validateSpec hands it on. */
public final class Specs {

    private Specs() {}

    public static ClusterSpec spec(String cluster, String backend) {
        return dev.nodeless.spec.Specs.normalise("""
                {"clusterName":"%s","region":"eu-west-1","kubernetesVersion":"1.33","admins":["arn:aws:iam::123456789012:role/Admin"],
                 "karpenter":{"version":"1.14.1","capacityTypes":["spot","on-demand"],"cpuLimit":1000,"expireAfter":"720h"},
                 "buffer":{"backend":"%s","baselineReplicas":2,"maxReplicas":50,"pod":{"cpu":"1","memory":"1Gi"},
                           "lookahead":"30m","cooldown":"10m"}}
                """.formatted(cluster, backend));
    }
}
