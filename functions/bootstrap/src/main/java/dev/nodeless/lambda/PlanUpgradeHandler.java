package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Upgrade, before any change and at the head of each turn of the version loop: the next Kubernetes version, or FAILED for a downgrade, a version EKS does not offer, or a Karpenter too old for a step. */
@Named("planUpgrade")
public class PlanUpgradeHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("planUpgrade", input, steps -> steps.clusterUpgrade().plan(input, runner.registration().runningKarpenterVersion(input.spec().clusterName())));
    }
}
