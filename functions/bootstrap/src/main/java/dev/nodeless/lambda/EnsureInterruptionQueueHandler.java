package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Bootstrap step 8: Karpenter's interruption queue and its four EventBridge rules. */
@Named("ensureInterruptionQueue")
public class EnsureInterruptionQueueHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("ensureInterruptionQueue", input, steps -> steps.interruptionQueue().ensure(input));
    }
}
