package dev.nodeless.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nodeless.aws.InvalidStepInputException;
import dev.nodeless.bootstrap.StepResult;
import dev.nodeless.spec.ClusterSpec;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The failure path of both state machines: marks the cluster FAILED in the registry with the error that a Catch
 * put at {@code $.error} ({@code {"Error": ..., "Cause": ...}}, as Step Functions writes it).
 */
@Named("recordFailure")
public class RecordFailureHandler implements RequestHandler<RecordFailureHandler.FailureInput, StepResult> {

    /** {@code {spec, error: {Error, Cause}, execution}}: the execution's ARN ({@code $$.Execution.Id}), for the record. */
    public record FailureInput(ClusterSpec spec, ErrorInfo error, String execution) {}

    public record ErrorInfo(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}

    @Inject AwsStepRunner runner;

    @Override
    public StepResult handleRequest(FailureInput input, Context context) {
        if (input == null || input.spec() == null) throw new InvalidStepInputException("recordFailure needs {spec, error: {Error, Cause}}");
        ErrorInfo e = input.error() == null ? new ErrorInfo(null, null) : input.error();
        return runner.logged("recordFailure", input.spec().clusterName(), null,
                () -> runner.registration().recordFailure(input.spec(), e.error(), e.cause(), input.execution()));
    }
}
