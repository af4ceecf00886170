package dev.nodeless.maintenance;

import dev.nodeless.buffer.BufferChange;
import java.util.List;

/**
 * The state that flows through the maintain-buffer state machine: classifyEvent fills the event part,
 * resolveTarget the targets, sizeBuffer the changes. What the execution history shows at each step.
 *
 * @param action   grow, shrink, none, ignored (foreign or non-actionable) or rejected (not an event)
 * @param deadline RFC 3339, when displacement is expected, if known
 * @param cluster  for a reconcile request: the cluster to reconcile
 */
public record MaintenanceStep(String eventId, String kind, String action, String reason, List<String> instanceIds,
                              String deadline, String cluster, List<Target> targets, List<BufferChange> changes) {

    /** One at-risk node of a managed cluster. */
    public record Target(String cluster, String instanceId, String node) {}

    public MaintenanceStep {
        instanceIds = instanceIds == null ? List.of() : List.copyOf(instanceIds);
        targets = targets == null ? List.of() : List.copyOf(targets);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public static final String IGNORED = "ignored";
    public static final String REJECTED = "rejected";
    /** Set by classify and resolve while the event is still being handled. */
    public static final String PENDING = "pending";

    /** For the state machine's Choice states: true when nothing is left to do. */
    public boolean ignored() {
        return IGNORED.equals(action) || REJECTED.equals(action);
    }

    MaintenanceStep with(String action, String reason) {
        return new MaintenanceStep(eventId, kind, action, reason, instanceIds, deadline, cluster, targets, changes);
    }

    MaintenanceStep withTargets(List<Target> t, String reason) {
        return new MaintenanceStep(eventId, kind, action, reason, instanceIds, deadline, cluster, t, changes);
    }

    MaintenanceStep withChanges(String action, String reason, List<BufferChange> c) {
        return new MaintenanceStep(eventId, kind, action, reason, instanceIds, deadline, cluster, targets, c);
    }
}
