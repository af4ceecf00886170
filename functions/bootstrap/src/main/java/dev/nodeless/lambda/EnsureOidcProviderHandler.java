package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.nodeless.bootstrap.StepInput;
import dev.nodeless.bootstrap.StepResult;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Bootstrap step 4: the IAM OIDC provider for the cluster's issuer. */
@Named("ensureOidcProvider")
public class EnsureOidcProviderHandler implements RequestHandler<StepInput, StepResult> {

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(StepInput input, Context context) {
        return runner.run("ensureOidcProvider", input, steps -> steps.oidcProviders().ensure(input));
    }
}
