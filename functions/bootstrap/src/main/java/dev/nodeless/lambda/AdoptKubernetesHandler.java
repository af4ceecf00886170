package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.adopt.AdoptionStepInput;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.kube.adopt.AdoptionKubernetes;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * adopt-cluster's Kubernetes side, as the adoption role: detects Karpenter and installs the buffer (install) or removes
 * what adopt installed (uninstall). Transient API errors are thrown for the state machine's Retry.
 */
@Named("adoptKubernetes")
public class AdoptKubernetesHandler implements RequestHandler<AdoptionStepInput, StepResult> {

    @Inject AdoptionWiring wiring;
    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(AdoptionStepInput input, Context context) {
        AdoptionStepInput in = input == null ? new AdoptionStepInput(null, null, null) : input;
        return runner.logged(AdoptionKubernetes.STEP, in.clusterName(), in.target(), () -> wiring.kubernetes().run(in, wiring.region()));
    }
}
