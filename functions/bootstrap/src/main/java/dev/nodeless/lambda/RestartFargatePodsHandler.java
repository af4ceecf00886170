package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.kube.KubernetesPhase;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Upgrade step (target: the version): restarts coredns and karpenter so their Fargate nodes run that version; done=false until rolled out. */
@Named("restartFargatePods")
public class RestartFargatePodsHandler implements RequestHandler<StepInput, StepResult> {

    @Inject KubernetesPhase phase;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return phase.restartFargatePods(input);
    }
}
