package dev.nodeless.kube;

/**
 * The Kubernetes API was briefly unavailable (429, 5xx, a timeout, a refused connection, a webhook whose
 * pods are not up yet). Nothing is wrong with what we sent: the step is idempotent, so the state machine
 * retries it with backoff (Step Functions error name {@code dev.nodeless.kube.RetryableKubeException}).
 */
public class RetryableKubeException extends RuntimeException {
    public RetryableKubeException(String message, Throwable cause) { super(message, cause); }
}
