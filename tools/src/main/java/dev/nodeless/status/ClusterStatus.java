package dev.nodeless.status;

import dev.nodeless.cluster.MaintenancePause;
import dev.nodeless.cluster.ReconcileFailure;
import java.time.Instant;
import java.util.List;

/**
 * What {@code nodeless status} knows about one cluster, from three sources that fail independently: the registry item
 * (always there, else the cluster is unknown), the cluster's buffer objects read through its Kubernetes API ({@link
 * #buffer}, the top-level one, and {@link #poolBuffers}, one per NodePool that has its own, empty when none; or {@link
 * #bufferUnavailable} saying why not) and the stack's Step Functions executions ({@link #executions},
 * or {@link #executionsUnavailable}).
 */
public record ClusterStatus(String cluster, Registry registry, Buffer buffer, List<Buffer> poolBuffers, String bufferUnavailable,
                            List<Run> executions, String executionsUnavailable) {

    /**
     * The registry item. {@code specHash} is the SHA-256 of the normalised spec the cluster runs (the spec's version:
     * it changes with every applied change); {@code pause} is null unless maintenance is paused; {@code
     * reconcileFailure} is null unless the last scheduled reconcile failed.
     */
    public record Registry(String status, String region, String specHash, String kubernetesVersion, String karpenterVersion,
                           Instant createdAt, Instant updatedAt, String lastError, String lastFailedExecution,
                           MaintenancePause pause, ReconcileFailure reconcileFailure) {}

    /**
     * The buffer object as the maintenance loop reads it: replicas, the spec's baseline and maximum, the baseline in
     * force now (a schedule window's or the share of requests, when higher), the last replica change it recorded, the
     * nodes of its at-risk ledger, and (on the top-level buffer) nodes that carry the at-risk label without an entry in
     * any buffer's ledger. {@code pool} is the NodePool a pool buffer covers, null for the top-level buffer.
     */
    public record Buffer(String backend, String object, String pool, int replicas, int baseline, int baselineNow, int maxReplicas,
                         Integer share, LastChange lastChange, List<AtRiskNode> atRisk, List<String> labeledOnly) {}

    public record LastChange(String trigger, int before, int after, String reason) {}

    /** One at-risk node: the trigger is the event kind that marked it, the deadline when it is expected to go. */
    public record AtRiskNode(String node, String instanceId, String trigger, Instant markedAt, Instant deadline, long milliCpu, long memoryBytes) {}

    /**
     * One execution: its workflow ({@code maintain-buffer}, {@code bootstrap-cluster}, {@code teardown-cluster},
     * {@code reconcile-fleet}), name, status, times, ARN and console link; {@code note} is this cluster's outcome in a
     * reconcile-fleet run, when its output has one.
     */
    public record Run(String workflow, String name, String status, Instant started, Instant stopped, String arn, String console, String note) {}
}
