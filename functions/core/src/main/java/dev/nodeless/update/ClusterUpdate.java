package dev.nodeless.update;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodeless.cluster.ClusterRecord;
import dev.nodeless.cluster.ClusterRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Step {@code planUpdate} of update-cluster: reads the cluster's registered spec and plans the patch against it
 * ({@link UpdatePlanner}). Only an ACTIVE cluster is updated: while another run changes it (UPDATING, BOOTSTRAPPING,
 * DELETING) or after a failed creation (FAILED) the patch would be planned against a spec that is not the one running.
 * Reads only; a refusal leaves the registry as it was.
 */
public final class ClusterUpdate {

    public static final String STEP = "planUpdate";

    private final ClusterRegistry registry;

    public ClusterUpdate(ClusterRegistry registry) {
        this.registry = registry;
    }

    public UpdatePlan plan(String clusterName, JsonNode patch, boolean dryRun) {
        if (clusterName == null || clusterName.isBlank()) {
            return UpdatePlan.refused(clusterName, "the input needs clusterName (the registered cluster to change) and patch", List.of(), dryRun);
        }
        Optional<ClusterRecord> found = registry.find(clusterName);
        if (found.isEmpty()) {
            return UpdatePlan.refused(clusterName, "cluster " + clusterName + " is not in this stack's registry: bootstrap it first", List.of(), dryRun);
        }
        ClusterRecord record = found.get();
        if (!record.active() || record.spec() == null) {
            return UpdatePlan.refused(clusterName, "cluster " + clusterName + " is " + record.status()
                    + (record.spec() == null ? " with no registered spec" : "") + "; only an ACTIVE cluster is updated"
                    + (ClusterRecord.UPDATING.equals(record.status()) || ClusterRecord.BOOTSTRAPPING.equals(record.status())
                    ? " (another run is changing it: start the update when it has ended)" : ""), List.of(), dryRun);
        }
        return UpdatePlanner.plan(record.spec(), patch, dryRun);
    }
}
