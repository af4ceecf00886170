package dev.nodeless.bootstrap;

/**
 * One step of the bootstrap or teardown as the state machine runs it.
 *
 * @param order        1-based position; steps with the same order run in parallel
 * @param step         the Lambda handler ({@code @Named} value) that performs it
 * @param target       the handler's target for steps with several parts ({@code null} otherwise)
 * @param service      the AWS service or system it changes ({@code iam}, {@code eks}, {@code kubernetes}, ...)
 * @param action       what it does, in words
 * @param resourceName the name of what it creates or deletes ({@link dev.nodeless.spec.ResourceNames})
 * @param arn          for IAM roles, the full ARN (path included; the offline plan's account is a placeholder); else null
 */
public record PlannedStep(int order, String step, String target, String service, String action, String resourceName, String arn) {

    public PlannedStep(int order, String step, String target, String service, String action, String resourceName) {
        this(order, step, target, service, action, resourceName, null);
    }
}
