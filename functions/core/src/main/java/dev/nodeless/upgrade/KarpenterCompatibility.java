package dev.nodeless.upgrade;

import java.util.Map;
import java.util.Optional;

/**
 * Which Karpenter versions support which Kubernetes version: the lowest Karpenter release for each Kubernetes minor,
 * from the "Compatibility Matrix" of Karpenter's documentation (aws/karpenter-provider-aws,
 * {@code website/content/en/docs/upgrading/compatibility.md}, read at commit 235f98ef077eb700b80a99dfbba9457e69dbaa38).
 * That page's cell for Kubernetes 1.35 reads "1.9.2.x", which is not a clean lower bound, so 1.35 and later are
 * treated as not yet known here (refused with that reason) until the table is read again. Pure.
 */
public final class KarpenterCompatibility {

    /** Kubernetes minor → lowest Karpenter version that supports it. */
    static final Map<String, String> MINIMUM_KARPENTER = Map.of(
            "1.29", "0.34.0",
            "1.30", "0.37.0",
            "1.31", "1.0.5",
            "1.32", "1.2.0",
            "1.33", "1.5.0",
            "1.34", "1.6.0");

    private KarpenterCompatibility() {}

    /** Why Karpenter {@code karpenterVersion} cannot run on Kubernetes {@code kubernetesVersion}, or empty when it can. */
    public static Optional<String> problem(String karpenterVersion, String kubernetesVersion) {
        String minimum = MINIMUM_KARPENTER.get(kubernetesVersion);
        if (minimum == null) {
            return Optional.of("Kubernetes " + kubernetesVersion + " is not in Karpenter's compatibility matrix as Nodeless knows it "
                    + "(" + MINIMUM_KARPENTER.keySet().stream().sorted().toList() + ")");
        }
        if (compare(karpenterVersion, minimum) < 0) {
            return Optional.of("Karpenter " + karpenterVersion + " does not support Kubernetes " + kubernetesVersion + " (Karpenter's "
                    + "compatibility matrix asks " + minimum + " or later); upgrade Karpenter first: run the bootstrap with "
                    + "karpenter.version " + minimum + " or later and the cluster's current kubernetesVersion, then raise kubernetesVersion");
        }
        return Optional.empty();
    }

    /** Compares dotted release versions numerically (a leading 'v' and a pre-release suffix are ignored). */
    static int compare(String a, String b) {
        String[] x = strip(a).split("\\.");
        String[] y = strip(b).split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(part(x, i), part(y, i));
            if (c != 0) return c;
        }
        return 0;
    }

    private static String strip(String v) {
        String s = v.startsWith("v") ? v.substring(1) : v;
        int dash = s.indexOf('-');
        return dash < 0 ? s : s.substring(0, dash);
    }

    private static int part(String[] parts, int i) {
        if (i >= parts.length) return 0;
        try {
            return Integer.parseInt(parts[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a release version: " + String.join(".", parts), e);
        }
    }
}
