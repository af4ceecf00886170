package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Upgrade step (target: the version): vpc-cni, kube-proxy, coredns to EKS's default version for it; done=false until ACTIVE. */
@Named("upgradeAddons")
public class UpgradeAddonsHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("upgradeAddons", input, steps -> steps.addonUpgrade().ensure(input));
    }
}
