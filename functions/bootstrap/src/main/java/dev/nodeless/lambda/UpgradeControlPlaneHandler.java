package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Upgrade step (target: the version): UpdateClusterVersion once, then done=false until the update is Successful. */
@Named("upgradeControlPlane")
public class UpgradeControlPlaneHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("upgradeControlPlane", input, steps -> steps.clusterUpgrade().controlPlane(input));
    }
}
