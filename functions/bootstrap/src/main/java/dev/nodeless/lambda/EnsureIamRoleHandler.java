package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Bootstrap step 2: the cluster, Fargate pod execution or Karpenter node role (target cluster, fargate, node). */
@Named("ensureIamRole")
public class EnsureIamRoleHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("ensureIamRole", input, steps -> steps.iamRoles().ensure(input));
    }
}
