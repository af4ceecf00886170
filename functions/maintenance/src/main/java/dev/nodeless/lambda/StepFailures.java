package dev.nodeless.lambda;

import dev.nodeless.aws.AwsErrors;
import dev.nodeless.kube.KubeApiException;
import dev.nodeless.kube.KubeFailures;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a failed maintenance step looks like to the state machine. The Lambda Java runtime reports the thrown class's
 * name as the error, and maintain-buffer's Retry names the transient ones: {@code RetryableKubeException} (429, 5xx,
 * timeouts, no response), {@code RetryableStepException} (AWS throttling, 5xx, network), {@code
 * BufferConflictException} (the buffer kept changing past the in-Lambda attempts). Everything else (403 from RBAC,
 * a missing buffer, a bug) fails the execution at once with its message, instead of being retried blindly.
 */
final class StepFailures {

    private StepFailures() {}

    static <T> T translate(String doing, Supplier<T> step) {
        try {
            return step.get();
        } catch (KubeApiException e) {
            throw KubeFailures.classify(doing, e);
        } catch (KubernetesClientException e) {
            throw KubeFailures.classify(doing, e);
        } catch (SdkException e) {
            throw AwsErrors.classify(e, doing);
        }
    }
}
