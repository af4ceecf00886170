package dev.nodeless.testing;

/** A normalised cluster spec JSON with the runbook's buffer (baseline 2 x 1 CPU). */
public final class Specs {

    private Specs() {}

    public static String spec(String cluster, String backend) {
        return """
                {"clusterName":"%s","region":"eu-west-1","kubernetesVersion":"1.33",
                 "karpenter":{"version":"1.14.1","capacityTypes":["spot","on-demand"],"cpuLimit":1000,"expireAfter":"720h"},
                 "buffer":{"backend":"%s","baselineReplicas":2,"maxReplicas":50,"pod":{"cpu":"1","memory":"1Gi"},
                           "lookahead":"30m","cooldown":"10m"}}
                """.formatted(cluster, backend);
    }
}
