package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Teardown: deletes one stage (target, see Teardown.STAGES); done=false while it is still going away. */
@Named("teardownStep")
public class TeardownStepHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("teardownStep", input, steps -> new dev.nodeless.aws.teardown.Teardown(steps, runner.registration()).run(input));
    }
}
