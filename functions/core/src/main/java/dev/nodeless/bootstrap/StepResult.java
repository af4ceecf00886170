package dev.nodeless.bootstrap;

import java.util.Map;

/**
 * What every bootstrap and teardown Lambda returns. The state machine loops (Wait, then the same idempotent
 * Lambda again) while {@code done} is false, and routes {@code status == FAILED} to its failure state.
 *
 * @param status  CREATED, UPDATED, UNCHANGED, IN_PROGRESS, ACTIVE, DELETED, ABSENT or FAILED
 * @param details identifiers and facts later steps or the execution output use (ARNs, endpoint, URLs)
 */
public record StepResult(String step, String target, String status, boolean done, String reason, Map<String, String> details) {

    public static final String CREATED = "CREATED";
    public static final String UPDATED = "UPDATED";
    public static final String UNCHANGED = "UNCHANGED";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String ACTIVE = "ACTIVE";
    public static final String DELETED = "DELETED";
    public static final String ABSENT = "ABSENT";
    public static final String FAILED = "FAILED";

    public static StepResult done(String step, String target, String status, String reason, Map<String, String> details) {
        return new StepResult(step, target, status, true, reason, Map.copyOf(details));
    }

    public static StepResult waiting(String step, String target, String reason, Map<String, String> details) {
        return new StepResult(step, target, IN_PROGRESS, false, reason, Map.copyOf(details));
    }

    public static StepResult failed(String step, String target, String reason) {
        return new StepResult(step, target, FAILED, true, reason, Map.of());
    }
}
