package dev.nodeless.cluster;

import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.aws.Json;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Steps {@code registerCluster} (targets BOOTSTRAPPING, ACTIVE, DELETING), {@code recordFailure} and teardown stage
 * {@code registry}. Writes absolute state; a write that would change nothing is skipped and reported UNCHANGED.
 */
public final class Registration {

    public static final String STEP = "registerCluster";
    public static final List<String> TARGETS = List.of(ClusterRecord.BOOTSTRAPPING, ClusterRecord.ACTIVE, ClusterRecord.DELETING);
    /** DynamoDB items are limited to 400 KB; a Step Functions cause can be 32 KB, so keep the error short. */
    static final int MAX_ERROR_LENGTH = 4000;

    private final ClusterRegistry registry;
    private final Clock clock;

    public Registration(ClusterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * The Karpenter version the cluster runs: the one in the spec its last successful bootstrap recorded (a live record
     * keeps that spec while a re-run is UPDATING), or {@code null} for a cluster the registry does not hold live.
     */
    public String runningKarpenterVersion(String clusterName) {
        return registry.find(clusterName).filter(ClusterRecord::live).map(ClusterRecord::spec)
                .map(s -> s.karpenter() == null ? null : s.karpenter().version()).orElse(null);
    }

    public StepResult register(StepInput input) {
        ClusterSpec spec = input.spec();
        String status = input.target();
        if (!TARGETS.contains(status)) {
            throw new InvalidStepInputException("registerCluster target must be one of " + TARGETS + ", was '" + status + "'");
        }
        Optional<ClusterRecord> existing = registry.find(spec.clusterName());
        if (existing.filter(ClusterRecord::adopted).isPresent()) {
            // Before any other step: teardown-cluster would otherwise delete the NodePools of a cluster Nodeless only maintains.
            return StepResult.failed(STEP, status, "cluster " + spec.clusterName() + " is adopted for maintenance only (adopt-cluster): Nodeless "
                    + "did not create it, so it neither bootstraps nor tears it down. Stop maintaining it with the adopt-cluster workflow "
                    + "and {\"action\": \"release\"} (docs/adopt.md); nothing was changed");
        }
        Map<String, String> outputs = new LinkedHashMap<>(existing.map(ClusterRecord::outputs).orElse(Map.of()));
        if (input.outputs() != null) input.outputs().forEach((k, v) -> outputs.put(k, Json.write(v)));
        // A new bootstrap or a success clears the previous failure; DELETING keeps it for the post-mortem.
        String lastError = ClusterRecord.DELETING.equals(status) ? existing.map(ClusterRecord::lastError).orElse(null) : null;
        ClusterSpec recorded = spec;
        // A re-run of a live cluster does not pause its maintenance: UPDATING, still with the spec that last succeeded.
        if (ClusterRecord.BOOTSTRAPPING.equals(status) && existing.filter(r -> r.live() && r.spec() != null).isPresent()) {
            status = ClusterRecord.UPDATING;
            recorded = existing.get().spec();
        }
        String hash = SpecHash.of(recorded);
        if (existing.isPresent()) {
            ClusterRecord r = existing.get();
            // An item written before the registry stored the spec has the same hash but no spec: write it then.
            boolean same = r.status().equals(status) && r.specHash().equals(hash) && recorded.equals(r.spec())
                    && r.region().equals(spec.region()) && r.outputs().equals(outputs) && Objects.equals(r.lastError(), lastError);
            if (same) return StepResult.done(STEP, status, StepResult.UNCHANGED, "registry already says " + status, details(r));
        }
        Instant now = clock.instant();
        // the pause is the operator's (nodeless maintenance pause|resume), the reconcile failure the scheduled
        // reconcile's: a bootstrap run keeps both as it found them
        ClusterRecord record = new ClusterRecord(spec.clusterName(), status, spec.region(), hash, recorded,
                existing.map(ClusterRecord::createdAt).orElse(now), now, outputs, lastError, null,
                existing.map(ClusterRecord::pause).orElse(null), existing.map(ClusterRecord::reconcileFailure).orElse(null));
        registry.put(record);
        String to = status;
        return StepResult.done(STEP, status, existing.isPresent() ? StepResult.UPDATED : StepResult.CREATED,
                existing.map(r -> "status " + r.status() + " -> " + to).orElse("registered as " + to), details(record));
    }

    /**
     * Records a failed run with the Step Functions error name and cause. A cluster that was never live becomes FAILED.
     * A live one (a failed or invalid re-run of an ACTIVE cluster) stays ACTIVE with its last good spec and only gains
     * the error: the cluster is still running, and its maintenance must not stop because a change was refused.
     */
    public StepResult recordFailure(ClusterSpec spec, String error, String cause) {
        return recordFailure(spec, error, cause, null);
    }

    /** @param execution the failed execution's ARN (where its history is), kept as {@code lastFailedExecution} */
    public StepResult recordFailure(ClusterSpec spec, String error, String cause, String execution) {
        Optional<ClusterRecord> existing = registry.find(spec.clusterName());
        String message = truncate((error == null ? "Unknown" : error) + ": " + (cause == null ? "" : cause));
        Instant now = clock.instant();
        ClusterRecord record;
        if (existing.filter(r -> r.live() && r.spec() != null).isPresent()) {
            ClusterRecord r = existing.get();
            record = new ClusterRecord(r.clusterName(), ClusterRecord.ACTIVE, r.region(), r.specHash(), r.spec(), r.createdAt(), now,
                    r.outputs(), message, execution, r.pause(), r.reconcileFailure());
            registry.put(record);
            return StepResult.done("recordFailure", null, ClusterRecord.FAILED, "the run failed; the cluster stays ACTIVE with its last good "
                    + "spec and its maintenance goes on: " + message, details(record));
        }
        record = new ClusterRecord(spec.clusterName(), ClusterRecord.FAILED, spec.region(), SpecHash.of(spec), spec,
                existing.map(ClusterRecord::createdAt).orElse(now), now,
                existing.map(ClusterRecord::outputs).orElse(Map.of()), message, execution, existing.map(ClusterRecord::pause).orElse(null),
                existing.map(ClusterRecord::reconcileFailure).orElse(null));
        registry.put(record);
        return StepResult.done("recordFailure", null, ClusterRecord.FAILED, message, details(record));
    }

    public StepResult remove(ClusterSpec spec, String stage) {
        boolean deleted = registry.delete(spec.clusterName());
        return StepResult.done("teardownStep", stage, deleted ? StepResult.DELETED : StepResult.ABSENT,
                deleted ? "registry entry removed" : "cluster was not registered", Map.of());
    }

    private static String truncate(String s) {
        return s.length() <= MAX_ERROR_LENGTH ? s : s.substring(0, MAX_ERROR_LENGTH - 3) + "...";
    }

    private static Map<String, String> details(ClusterRecord r) {
        return Map.of("clusterName", r.clusterName(), "status", r.status(), "specHash", r.specHash());
    }
}
