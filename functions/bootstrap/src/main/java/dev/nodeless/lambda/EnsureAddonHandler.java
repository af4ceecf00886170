package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Bootstrap step 6: an EKS add-on (target vpc-cni, kube-proxy, coredns); done=false until ACTIVE. */
@Named("ensureAddon")
public class EnsureAddonHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("ensureAddon", input, steps -> steps.addons().ensure(input));
    }
}
