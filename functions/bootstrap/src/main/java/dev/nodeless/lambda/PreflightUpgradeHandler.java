package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Upgrade step (target: the version): EKS upgrade insights and Karpenter's compatibility; an ERROR insight answers FAILED with its text. */
@Named("preflightUpgrade")
public class PreflightUpgradeHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("preflightUpgrade", input, steps -> steps.clusterUpgrade().preflight(input, runner.registration().runningKarpenterVersion(input.spec().clusterName())));
    }
}
