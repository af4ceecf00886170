package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.aws.AwsAccount;
import dev.nodeless.kube.KubernetesPhase;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Bootstrap step 9: renders the cluster's charts and manifests and server-side applies them. Throws
 * {@code RetryableKubeException} on transient API errors (the state machine retries); a rejected object
 * comes back as {@code FAILED} with its name and the API's reason.
 */
@Named("applyKubernetes")
public class ApplyKubernetesHandler implements RequestHandler<StepInput, StepResult> {

    @Inject KubernetesPhase phase;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return phase.apply(input, AwsAccount.fromFunctionArn(context.getInvokedFunctionArn()));
    }
}
