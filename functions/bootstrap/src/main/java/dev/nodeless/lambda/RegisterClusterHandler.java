package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Bootstrap step 1 and the end of bootstrap/teardown: registry status (target BOOTSTRAPPING, ACTIVE, DELETING). */
@Named("registerCluster")
public class RegisterClusterHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("registerCluster", input, steps -> runner.registration().register(input));
    }
}
