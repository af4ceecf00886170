package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Bootstrap step 5: a Fargate profile (target karpenter, kube-system); ResourceInUse is thrown as RetryableStepException. */
@Named("ensureFargateProfile")
public class EnsureFargateProfileHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("ensureFargateProfile", input, steps -> steps.fargateProfiles().ensure(input));
    }
}
