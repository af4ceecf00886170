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

    public StepResult register(StepInput input) {
        ClusterSpec spec = input.spec();
        String status = input.target();
        if (!TARGETS.contains(status)) {
            throw new InvalidStepInputException("registerCluster target must be one of " + TARGETS + ", was '" + status + "'");
        }
        Optional<ClusterRecord> existing = registry.find(spec.clusterName());
        Map<String, String> outputs = new LinkedHashMap<>(existing.map(ClusterRecord::outputs).orElse(Map.of()));
        if (input.outputs() != null) input.outputs().forEach((k, v) -> outputs.put(k, Json.write(v)));
        String hash = SpecHash.of(spec);
        // A new bootstrap or a success clears the previous failure; DELETING keeps it for the post-mortem.
        String lastError = ClusterRecord.DELETING.equals(status) ? existing.map(ClusterRecord::lastError).orElse(null) : null;
        if (existing.isPresent()) {
            ClusterRecord r = existing.get();
            // An item written before the registry stored the spec has the same hash but no spec: write it then.
            boolean same = r.status().equals(status) && r.specHash().equals(hash) && spec.equals(r.spec())
                    && r.region().equals(spec.region()) && r.outputs().equals(outputs) && Objects.equals(r.lastError(), lastError);
            if (same) return StepResult.done(STEP, status, StepResult.UNCHANGED, "registry already says " + status, details(r));
        }
        Instant now = clock.instant();
        ClusterRecord record = new ClusterRecord(spec.clusterName(), status, spec.region(), hash, spec,
                existing.map(ClusterRecord::createdAt).orElse(now), now, outputs, lastError);
        registry.put(record);
        return StepResult.done(STEP, status, existing.isPresent() ? StepResult.UPDATED : StepResult.CREATED,
                existing.map(r -> "status " + r.status() + " -> " + status).orElse("registered as " + status), details(record));
    }

    /** Marks the cluster FAILED with the Step Functions error name and cause. */
    public StepResult recordFailure(ClusterSpec spec, String error, String cause) {
        Optional<ClusterRecord> existing = registry.find(spec.clusterName());
        String message = truncate((error == null ? "Unknown" : error) + ": " + (cause == null ? "" : cause));
        Instant now = clock.instant();
        ClusterRecord record = new ClusterRecord(spec.clusterName(), ClusterRecord.FAILED, spec.region(), SpecHash.of(spec), spec,
                existing.map(ClusterRecord::createdAt).orElse(now), now,
                existing.map(ClusterRecord::outputs).orElse(Map.of()), message);
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
