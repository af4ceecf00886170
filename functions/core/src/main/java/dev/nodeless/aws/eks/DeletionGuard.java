package dev.nodeless.aws.eks;

import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * Deletion protection: a cluster is protected when its spec says so ({@code deletionProtection}, default true) or EKS
 * reports its own flag on; teardown deletes a protected cluster only when the input's {@code confirmDeletion} is the
 * cluster's name. Checked by teardown's first stage, before anything changes, and again by the cluster stage itself.
 */
public final class DeletionGuard {

    public static final String STAGE = "deletion-protection";

    private DeletionGuard() {}

    /** Why the cluster may not be deleted, or {@code null} when it may (pure). */
    public static String refusal(ClusterSpec spec, Cluster live) {
        String name = spec.clusterName();
        if (name.equals(spec.confirmDeletion())) return null;
        List<String> by = new ArrayList<>();
        if (!Boolean.FALSE.equals(spec.deletionProtection())) by.add("the spec's deletionProtection is true (the default)");
        if (live != null && Boolean.TRUE.equals(live.deletionProtection())) by.add("EKS deletion protection is on");
        if (by.isEmpty()) return null;
        return "refusing to delete cluster " + name + ": it is protected (" + String.join("; ", by) + "); nothing was changed. "
                + "To delete it, start the teardown again with \"confirmDeletion\": \"" + name + "\" in its input";
    }

    public static void requireConfirmed(ClusterSpec spec, Cluster live) {
        String refusal = refusal(spec, live);
        if (refusal != null) throw new InvalidStepInputException(refusal);
    }
}
