package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.kube.KubernetesPhase;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** First teardown step: removes load balancers and Karpenter capacity through their controllers; loops until gone. */
@Named("teardownKubernetes")
public class TeardownKubernetesHandler implements RequestHandler<StepInput, StepResult> {

    @Inject KubernetesPhase phase;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return phase.teardown(input);
    }
}
