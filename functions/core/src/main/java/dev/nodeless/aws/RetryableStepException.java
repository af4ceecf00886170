package dev.nodeless.aws;

/**
 * A transient AWS failure (throttling, a 5xx, or {@code ResourceInUseException} while EKS runs another operation
 * on the same cluster). The state machines retry Lambda errors of this type with backoff; because every step is
 * idempotent, the retry simply continues where the previous attempt stopped.
 * Step Functions sees it as error {@code dev.nodeless.aws.RetryableStepException}.
 */
public class RetryableStepException extends RuntimeException {
    public RetryableStepException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetryableStepException(String message) {
        super(message);
    }
}
