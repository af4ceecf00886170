package dev.nodeless.bootstrap;

import dev.nodeless.spec.ClusterSpec;
import java.util.Map;

/**
 * What every bootstrap and teardown Lambda receives from its state machine.
 *
 * @param spec    the validated, defaulted cluster spec ({@code $.spec})
 * @param target  which part of the step to act on when a step has several (a role kind, a Fargate profile,
 *                an add-on name, a teardown stage); {@code null} when the step has one
 * @param outputs earlier steps' results ({@code $.outputs}), keyed by step name; most steps need none because
 *                every resource has a deterministic name ({@link dev.nodeless.spec.ResourceNames})
 */
public record StepInput(ClusterSpec spec, String target, Map<String, Object> outputs) {}
