package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.kube.KubernetesPhase;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Bootstrap step 10: done when coredns and karpenter are Ready on Fargate and NodePools are Ready; details: endpoint, kubeOpsViewUrl. */
@Named("verifyCluster")
public class VerifyClusterHandler implements RequestHandler<StepInput, StepResult> {

    @Inject KubernetesPhase phase;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return phase.verify(input);
    }
}
