package dev.nodeless.upgrade;

import dev.nodeless.spec.SpecDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control-plane versions a cluster passes through to reach the spec's version, one minor at a time as EKS
 * requires ({@code UpdateClusterVersion} moves one minor version per update). Pure.
 *
 * @param current the cluster's version now (DescribeCluster), or {@code null} for a cluster that does not exist yet
 * @param target  the spec's {@code kubernetesVersion}
 * @param steps   every version to update to, in order (empty: nothing to upgrade)
 */
public record UpgradePath(String current, String target, List<String> steps) {

    private static final Pattern MINOR = Pattern.compile("^1\\.(\\d{1,3})$");

    public UpgradePath {
        steps = List.copyOf(steps);
    }

    /** The next version to update to, or {@code null} when the cluster is at the target. */
    public String next() {
        return steps.isEmpty() ? null : steps.get(0);
    }

    /**
     * Why a cluster at {@code current} cannot be moved to {@code target}, or empty when it can (or when there is no
     * cluster yet: {@code current == null}). Checked before anything changes, so a refused spec leaves the cluster
     * and every record as they were.
     */
    public static Optional<String> refusal(String current, String target) {
        List<String> offered = SpecDefaults.SUPPORTED_KUBERNETES_VERSIONS;
        if (target == null || minor(target) < 0) return Optional.of("kubernetesVersion '" + target + "' is not a Kubernetes minor version like 1.33");
        if (!offered.contains(target)) {
            return Optional.of("kubernetesVersion " + target + " is not one EKS offers (Nodeless knows " + offered + ")");
        }
        if (current == null || current.equals(target)) return Optional.empty();
        int from = minor(current);
        if (from < 0) return Optional.of("the cluster reports version '" + current + "', which Nodeless cannot read as a Kubernetes minor version");
        int to = minor(target);
        if (to < from) {
            return Optional.of("the cluster runs Kubernetes " + current + " and the spec asks " + target + ": EKS cannot downgrade a control plane; "
                    + "keep kubernetesVersion at " + current + " or higher, or create a new cluster at " + target);
        }
        for (int m = from + 1; m < to; m++) {
            String step = "1." + m;
            if (!offered.contains(step)) {
                return Optional.of("moving " + current + " to " + target + " passes through " + step + ", which EKS no longer offers "
                        + "(Nodeless knows " + offered + ")");
            }
        }
        return Optional.empty();
    }

    /** @throws IllegalArgumentException with the {@link #refusal} when the move is refused */
    public static UpgradePath between(String current, String target) {
        refusal(current, target).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        List<String> steps = new ArrayList<>();
        if (current != null) {
            for (int m = minor(current) + 1; m <= minor(target); m++) steps.add("1." + m);
        }
        return new UpgradePath(current, target, steps);
    }

    /** The minor number of {@code 1.N}, or -1 when {@code version} is not of that form. */
    public static int minor(String version) {
        if (version == null) return -1;
        Matcher m = MINOR.matcher(version);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
