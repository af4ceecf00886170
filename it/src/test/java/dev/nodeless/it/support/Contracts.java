package dev.nodeless.it.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handler table every helper agreed on (helper brief, "Shared contracts"), as data: handler name
 * ({@code @Named} value = {@code QUARKUS_LAMBDA_HANDLER}) to the Maven module whose zip contains it.
 */
public final class Contracts {

    private Contracts() {}

    public static final Map<String, String> HANDLERS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        for (String h : new String[] {"validateSpec", "registerCluster", "recordFailure", "ensureIamRole", "ensureNetwork",
                "ensureCluster", "planUpgrade", "preflightUpgrade", "upgradeControlPlane", "upgradeAddons", "restartFargatePods",
                "ensureOidcProvider", "ensureIrsaRole", "ensureFargateProfile", "ensureAddon",
                "ensureAccessEntries", "ensureInterruptionQueue", "applyKubernetes", "verifyCluster",
                "teardownKubernetes", "teardownStep", "planUpdate", "adoptCluster", "adoptKubernetes"}) {
            m.put(h, "bootstrap");
        }
        for (String h : new String[] {"classifyEvent", "resolveTarget", "sizeBuffer", "admitEvent", "listManagedClusters", "reconcileCluster"}) m.put(h, "maintenance");
        HANDLERS = Map.copyOf(m);
    }

    /** {@code ensureCluster} -> {@code EnsureClusterFunction}. */
    public static String functionLogicalId(String handler) {
        return Character.toUpperCase(handler.charAt(0)) + handler.substring(1) + "Function";
    }

    /** {@code ensureCluster} -> {@code EnsureClusterFunctionArn} (the state-machine substitution). */
    public static String substitution(String handler) {
        return functionLogicalId(handler) + "Arn";
    }

    /** The teardown stages in the order the contract fixes. */
    public static final java.util.List<String> TEARDOWN_STAGES = java.util.List.of("interruption-queue", "access-entries", "addons",
            "fargate-profile:kube-system", "fargate-profile:karpenter", "cluster", "kms-key", "irsa-roles", "oidc-provider", "iam-roles",
            "network", "registry");
}
