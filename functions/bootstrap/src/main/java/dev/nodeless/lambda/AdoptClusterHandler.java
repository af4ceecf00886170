package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.adopt.Adoption;
import dev.nodeless.adopt.AdoptionStepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** adopt-cluster's AWS side (check, record, release, finish): refusals, access entries, the registry. */
@Named("adoptCluster")
public class AdoptClusterHandler implements RequestHandler<AdoptionStepInput, StepResult> {

    @Inject AdoptionWiring wiring;
    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(AdoptionStepInput input, Context context) {
        AdoptionStepInput in = input == null ? new AdoptionStepInput(null, null, null) : input;
        return runner.logged(Adoption.STEP, in.clusterName(), in.target(), () -> wiring.adoption().run(in.target(), in.request(), in.outputs()));
    }
}
