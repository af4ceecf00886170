package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Creates the VPC (spec network.create) or checks and tags the given subnets and security groups. */
@Named("ensureNetwork")
public class EnsureNetworkHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("ensureNetwork", input, steps -> steps.network().ensure(input));
    }
}
