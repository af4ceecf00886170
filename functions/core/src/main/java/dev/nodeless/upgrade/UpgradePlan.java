package dev.nodeless.upgrade;

import dev.nodeless.bootstrap.PlannedStep;
import dev.nodeless.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a bootstrap re-run with {@code next} does to a cluster that runs {@code current}, as data for the offline
 * {@code plan --current}: one {@link VersionStep} per Kubernetes minor version (its {@code target}), each naming the
 * handlers the state machine's version loop runs for it, and notes on Karpenter and node images. Pure; a move the
 * bootstrap would refuse is refused here with the same reason ({@link #refusal}).
 *
 * @param from  the version the cluster runs
 * @param to    the spec's version
 * @param steps one per minor version, in order (empty: no control-plane change)
 * @param notes what else changes (Karpenter chart, node images and the drift they cause)
 */
public record UpgradePlan(String from, String to, List<VersionStep> steps, List<String> notes) {

    /** One turn of the version loop: the control plane moves from {@code from} to {@code target}. */
    public record VersionStep(int order, String target, String from, List<PlannedStep> actions) {}

    /** Why the bootstrap would refuse to move {@code current} to {@code next}, or empty. */
    public static Optional<String> refusal(ClusterSpec next, ClusterSpec current) {
        if (!next.clusterName().equals(current.clusterName())) {
            return Optional.of("--current describes cluster " + current.clusterName() + " but --spec describes " + next.clusterName());
        }
        Optional<String> version = UpgradePath.refusal(current.kubernetesVersion(), next.kubernetesVersion());
        if (version.isPresent()) return version;
        for (String step : UpgradePath.between(current.kubernetesVersion(), next.kubernetesVersion()).steps()) {
            Optional<String> k = KarpenterCompatibility.problem(current.karpenter().version(), step);
            if (k.isPresent()) return Optional.of("the cluster runs " + k.get());
        }
        return Optional.empty();
    }

    /** @throws IllegalArgumentException with the {@link #refusal} when the bootstrap would refuse the move */
    public static UpgradePlan of(ClusterSpec next, ClusterSpec current) {
        refusal(next, current).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        String cluster = next.clusterName();
        String karpenter = current.karpenter().version();
        List<VersionStep> steps = new ArrayList<>();
        String from = current.kubernetesVersion();
        int order = 0;
        for (String target : UpgradePath.between(current.kubernetesVersion(), next.kubernetesVersion()).steps()) {
            steps.add(new VersionStep(++order, target, from, List.of(
                    new PlannedStep(order, "preflightUpgrade", target, "eks", "EKS upgrade insights for " + target
                            + " (an ERROR finding stops the upgrade with its text); Karpenter " + karpenter + " supports " + target, cluster),
                    new PlannedStep(order, "upgradeControlPlane", target, "eks", "UpdateClusterVersion " + from + " -> " + target
                            + ", wait until the update is Successful", cluster),
                    new PlannedStep(order, "upgradeAddons", target, "eks", "vpc-cni, kube-proxy, coredns to EKS's default version for "
                            + target + " (DescribeAddonVersions)", "vpc-cni,kube-proxy,coredns"),
                    new PlannedStep(order, "restartFargatePods", target, "kubernetes", "rollout restart of coredns and karpenter so their "
                            + "Fargate nodes run " + target, "kube-system/coredns,karpenter/karpenter"))));
            from = target;
        }
        return new UpgradePlan(current.kubernetesVersion(), next.kubernetesVersion(), steps, notes(next, current, steps.isEmpty()));
    }

    private static List<String> notes(ClusterSpec next, ClusterSpec current, boolean noVersionStep) {
        List<String> notes = new ArrayList<>();
        String was = current.karpenter().version();
        String now = next.karpenter().version();
        if (!was.equals(now)) {
            notes.add("Karpenter " + was + " -> " + now + ": applyKubernetes, after the version loop, applies the " + now
                    + " chart with its CRDs first");
        }
        if (noVersionStep) return notes;
        String alias = next.karpenter().amiAlias();
        notes.add("EC2NodeClass amiSelectorTerms alias " + alias + ": Karpenter resolves an alias for the cluster's Kubernetes version "
                + "(the EKS-optimized AMI parameters are per version), so after each step it selects that version's images"
                + (alias.endsWith("@latest") ? "" : "; a pinned release must exist for every version of the path"));
        notes.add("Karpenter then marks the nodes on older images Drifted=True and replaces them as fast as the NodePool's disruption "
                + "budget allows; the maintenance reconcile marks each wave at risk so the buffer grows before it and shrinks after");
        return notes;
    }
}
