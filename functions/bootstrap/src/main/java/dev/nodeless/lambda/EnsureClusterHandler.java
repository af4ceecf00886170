package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Bootstrap step 3: creates the EKS cluster if absent; done=false until ACTIVE; details carry endpoint, ca, oidcIssuer. */
@Named("ensureCluster")
public class EnsureClusterHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("ensureCluster", input, steps -> steps.cluster().ensure(input));
    }
}
