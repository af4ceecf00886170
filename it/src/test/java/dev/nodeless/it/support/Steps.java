package dev.nodeless.it.support;

import dev.nodeless.bootstrap.StepResult;
import java.util.Map;

/** Realistic handler answers for scripted Lambda results, built from the real {@link StepResult} record. */
public final class Steps {

    private Steps() {}

    public static StepResult created(String step, String target, Map<String, String> details) {
        return StepResult.done(step, target, StepResult.CREATED, "created", details);
    }

    public static StepResult unchanged(String step, String target) {
        return StepResult.done(step, target, StepResult.UNCHANGED, "already as specified", Map.of());
    }

    public static StepResult waiting(String step, String target, String reason) {
        return StepResult.waiting(step, target, reason, Map.of());
    }

    public static StepResult active(String step, String target, Map<String, String> details) {
        return StepResult.done(step, target, StepResult.ACTIVE, "ACTIVE", details);
    }

    public static StepResult deleted(String step, String target) {
        return StepResult.done(step, target, StepResult.DELETED, "deleted", Map.of());
    }

    public static StepResult failed(String step, String target, String reason) {
        return StepResult.failed(step, target, reason);
    }
}
